namespace IvrService.HappyCalls.Internal;

/// <summary>The parsed policies: the defaults and one per configured service type (names compared ignoring case).</summary>
internal sealed record HappyCallPolicies(HappyCallPolicy Defaults, IReadOnlyDictionary<string, HappyCallPolicy> ByServiceType);
