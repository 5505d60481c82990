namespace IvrService.Api;

/// <summary>The key a request was authenticated with: its name (who, for the audit log) and its scope.</summary>
public sealed record ApiKeyIdentity(string Name, ApiScope Scope)
{
    /// <summary>True when this key may call methods that need <paramref name="required"/>.</summary>
    public bool Allows(ApiScope required) => Scope == ApiScope.Admin || Scope == required;
}
