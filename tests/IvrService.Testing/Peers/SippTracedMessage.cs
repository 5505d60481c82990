using System.Globalization;

namespace IvrService.Testing;

/// <summary>
/// One SIP message of SIPp's message trace (<c>-trace_msg</c>): whether SIPp received or sent it, its start line,
/// header fields in order and body. Header names are matched without regard to case, compact forms included.
/// </summary>
public sealed record SippTracedMessage(bool Received, string StartLine, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    /// <summary>The request method, or null for a response.</summary>
    public string? Method => IsResponse ? null : StartLine.Split(' ', 2)[0];

    /// <summary>The request's Request-URI, or null for a response.</summary>
    public string? RequestUri => IsResponse ? null : StartLine.Split(' ', 3) is { Length: 3 } parts ? parts[1] : null;

    /// <summary>The response's status code, or null for a request.</summary>
    public int? StatusCode =>
        IsResponse && StartLine.Split(' ', 3) is { Length: >= 2 } parts && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? code
            : null;

    /// <summary>True for a response (the start line begins with SIP/2.0).</summary>
    public bool IsResponse => StartLine.StartsWith("SIP/2.0 ", StringComparison.Ordinal);

    /// <summary>The first value of a header field (full or compact name), or null.</summary>
    public string? Header(string name) => HeaderValues(name) is [var first, ..] ? first : null;

    /// <summary>Every value of a header field (full or compact name), one per line it took.</summary>
    public IReadOnlyList<string> HeaderValues(string name)
    {
        var compact = Compact(name);
        var values = new List<string>();
        foreach (var (header, value) in Headers)
        {
            if (header.Equals(name, StringComparison.OrdinalIgnoreCase) || (compact is not null && header.Equals(compact, StringComparison.OrdinalIgnoreCase)))
            {
                values.Add(value);
            }
        }

        return values;
    }

    /// <inheritdoc/>
    public override string ToString() => (Received ? "received " : "sent ") + StartLine;

    private static string? Compact(string name) => name.ToUpperInvariant() switch
    {
        "FROM" => "f",
        "TO" => "t",
        "CALL-ID" => "i",
        "CONTACT" => "m",
        "VIA" => "v",
        "CONTENT-TYPE" => "c",
        "CONTENT-LENGTH" => "l",
        "SUBJECT" => "s",
        "SUPPORTED" => "k",
        _ => null,
    };
}
