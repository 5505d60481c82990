namespace IvrService.Testing;

/// <summary>
/// Reads SIPp's message trace (<c>-trace_msg</c>): entries that start with a line of dashes and a time, then
/// "UDP message received [n] bytes :" or "UDP message sent (n bytes):" (TCP alike), a blank line and the message.
/// </summary>
public static class SippMessageTrace
{
    private const string Separator = "-----------------------------------------------";

    /// <summary>The messages of a trace in the order SIPp wrote them; entries that hold no SIP message are skipped.</summary>
    public static IReadOnlyList<SippTracedMessage> Parse(string trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var messages = new List<SippTracedMessage>();
        var lines = trace.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var at = 0;
        while (at < lines.Length)
        {
            if (!lines[at].StartsWith(Separator, StringComparison.Ordinal))
            {
                at++;
                continue;
            }

            var end = at + 1;
            while (end < lines.Length && !lines[end].StartsWith(Separator, StringComparison.Ordinal))
            {
                end++;
            }

            if (Entry(lines, at + 1, end) is { } message)
            {
                messages.Add(message);
            }

            at = end;
        }

        return messages;
    }

    private static SippTracedMessage? Entry(string[] lines, int start, int end)
    {
        if (start >= end)
        {
            return null;
        }

        var kind = lines[start];
        var received = kind.Contains(" message received", StringComparison.Ordinal);
        if (!received && !kind.Contains(" message sent", StringComparison.Ordinal))
        {
            return null;
        }

        var at = start + 1;
        while (at < end && lines[at].Length == 0)
        {
            at++;
        }

        if (at >= end)
        {
            return null;
        }

        var startLine = lines[at++].Trim();
        var headers = new List<KeyValuePair<string, string>>();
        for (; at < end && lines[at].Length > 0; at++)
        {
            var line = lines[at];
            if (line[0] is ' ' or '\t' && headers.Count > 0)
            {
                // A folded line continues the previous header's value.
                var (name, value) = headers[^1];
                headers[^1] = new(name, value + " " + line.Trim());
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }

        var body = at < end ? string.Join('\n', lines[(at + 1)..end]).TrimEnd('\n') : string.Empty;
        return new SippTracedMessage(received, startLine, headers, body);
    }
}
