namespace IvrService.Storage;

/// <summary>One change made through the admin API: who (the API key's name and scope), what and to which version.</summary>
/// <param name="At">When the change was made.</param>
/// <param name="KeyName">The name of the API key that made it.</param>
/// <param name="Scope">The key's scope (<c>admin</c>).</param>
/// <param name="Action">What was done, in snake_case: <c>menu_published</c>, <c>menu_rolled_back</c>, …</param>
/// <param name="Target">What it was done to (a flow id, a prompt key, a phone number).</param>
/// <param name="Version">The version it made current, when it concerns a versioned definition.</param>
/// <param name="Detail">Anything else worth keeping (the comment, the version before).</param>
public sealed record AdminAuditEntry(
    DateTimeOffset At, string KeyName, string Scope, string Action, string Target, int? Version, string? Detail)
{
    /// <summary>The entry's id in the log, given when it is stored (ids grow with each entry); 0 before.</summary>
    public long Id { get; init; }
}
