namespace IvrService.Flows;

/// <summary>An <see cref="IPromptCatalogProvider"/> over a catalog loaded once (tools and hosts whose prompts do not change).</summary>
public sealed class FixedPromptCatalogProvider : IPromptCatalogProvider
{
    public FixedPromptCatalogProvider(PromptCatalog prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        Prompts = prompts;
    }

    public PromptCatalog Prompts { get; }
}
