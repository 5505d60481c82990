namespace IvrService.Storage;

/// <summary>
/// Which entries of the admin audit log a paged listing returns; every criterion left null matches everything, and the
/// criteria combine with AND. Texts match exactly, as stored.
/// </summary>
/// <param name="From">Only changes made at or after this instant.</param>
/// <param name="Before">Only changes made before this instant.</param>
/// <param name="KeyName">Only changes made with the API key of this name.</param>
/// <param name="Action">Only changes of this action (<c>menu_published</c>, <c>dnc_added</c>, …).</param>
/// <param name="Target">Only changes to this target (a flow id, a prompt, a phone number, a key name).</param>
public sealed record AdminAuditFilter(
    DateTimeOffset? From = null,
    DateTimeOffset? Before = null,
    string? KeyName = null,
    string? Action = null,
    string? Target = null);
