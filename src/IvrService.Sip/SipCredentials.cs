namespace IvrService.Sip;

/// <summary>Credentials for digest authentication towards a trunk or registrar.</summary>
public sealed record SipCredentials(string Username, string Password)
{
    /// <summary>Restricts the credentials to one realm; null answers any realm.</summary>
    public string? Realm { get; init; }

    public override string ToString() => $"SipCredentials {{ Username = {Username}, Realm = {Realm} }}";
}
