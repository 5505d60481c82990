namespace IvrService.Storage;

/// <summary>A number on the do-not-call list: no happy call is placed to it.</summary>
/// <param name="Phone">The number in E.164 (<c>+989121234567</c>).</param>
/// <param name="Reason">Why it is on the list (may be empty).</param>
/// <param name="AddedBy">Who put it there: an API key's name, or <c>survey</c> when the customer opted out on a call.</param>
/// <param name="AddedAt">When it was put there.</param>
public sealed record DoNotCallEntry(string Phone, string Reason, string AddedBy, DateTimeOffset AddedAt);
