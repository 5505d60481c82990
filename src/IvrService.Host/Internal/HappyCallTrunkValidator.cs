using IvrService.HappyCalls;
using IvrService.Sip;
using Microsoft.Extensions.Options;

namespace IvrService.Host.Internal;

/// <summary>Checks at start that <c>HappyCalls:Trunk</c> names a configured trunk.</summary>
internal sealed class HappyCallTrunkValidator(IOptions<SipOptions> sip) : IValidateOptions<HappyCallOptions>
{
    public ValidateOptionsResult Validate(string? name, HappyCallOptions options) =>
        HappyCallTrunk.Problem(options, sip.Value) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
