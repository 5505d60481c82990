using Microsoft.Extensions.Options;

namespace IvrService.Host.Internal;

/// <summary>Checks the <c>Calls</c> section at start; every message names its configuration key.</summary>
internal sealed class CallOptionsValidator : IValidateOptions<CallOptions>
{
    public ValidateOptionsResult Validate(string? name, CallOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
