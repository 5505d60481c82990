using IvrService.HappyCalls.Internal;
using Microsoft.Extensions.Options;

namespace IvrService.HappyCalls;

/// <summary>
/// The happy-call policy of each service type: <see cref="HappyCallOptions"/> with the matching
/// <see cref="HappyCallOptions.ServiceTypes"/> entry merged over it (scalars replace, <c>Window</c> days and
/// <c>RetryAfter</c> outcomes replace one by one; holidays, time zone and closing margin are shared). Parsed once.
/// </summary>
public sealed class HappyCallPolicyResolver
{
    private readonly HappyCallPolicies _policies;

    /// <exception cref="OptionsValidationException">The options have problems; each message names its key.</exception>
    public HappyCallPolicyResolver(HappyCallOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        _policies = HappyCallOptionsReader.Read(options, problems)
            ?? throw new OptionsValidationException(Options.DefaultName, typeof(HappyCallOptions), problems);
    }

    /// <summary>The policy of services whose type has no overrides.</summary>
    public HappyCallPolicy Default => _policies.Defaults;

    /// <summary>The service types that have overrides.</summary>
    public IEnumerable<string> ServiceTypes => _policies.ByServiceType.Keys;

    /// <summary>The policy of <paramref name="serviceType"/> (ignoring case); <see cref="Default"/> when it has no overrides.</summary>
    public HappyCallPolicy For(string? serviceType) =>
        serviceType is not null && _policies.ByServiceType.TryGetValue(serviceType.Trim(), out var policy) ? policy : _policies.Defaults;
}
