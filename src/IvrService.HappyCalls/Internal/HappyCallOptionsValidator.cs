using Microsoft.Extensions.Options;

namespace IvrService.HappyCalls.Internal;

/// <summary>Checks <see cref="HappyCallOptions"/> at start; every message names the configuration key.</summary>
internal sealed class HappyCallOptionsValidator : IValidateOptions<HappyCallOptions>
{
    public ValidateOptionsResult Validate(string? name, HappyCallOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        HappyCallOptionsReader.Read(options, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
