namespace IvrService.Flows.Definitions;

/// <summary>An <see cref="IFlowValidator"/> over a fixed <see cref="FlowValidationContext"/> (a loaded catalog and allow-list).</summary>
public sealed class FlowContextValidator : IFlowValidator
{
    private readonly FlowValidationContext _context;

    public FlowContextValidator(FlowValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    public FlowLoadResult Validate(string yaml, string sourceName) => FlowDefinitionLoader.Load(yaml, sourceName, _context);
}
