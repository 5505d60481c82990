using System.Globalization;
using System.Text;

namespace IvrService.Sip;

/// <summary>One Via value (RFC 3261 §20.42, RFC 3581 rport): <c>SIP/2.0/UDP host:port;branch=z9hG4bK…</c>.</summary>
public sealed class SipVia
{
    /// <summary>The magic cookie that marks an RFC 3261 branch (§8.1.1.7).</summary>
    public const string BranchMagicCookie = "z9hG4bK";

    public SipVia(string transport, string host, int? port, string branch)
    {
        Transport = transport.ToUpperInvariant();
        Host = host;
        Port = port;
        Parameters.Set("branch", branch);
    }

    private SipVia(string protocol, string transport, string host, int? port, SipParameters parameters)
    {
        Protocol = protocol;
        Transport = transport;
        Host = host;
        Port = port;
        Parameters = parameters;
    }

    /// <summary>Protocol name and version, normally <c>SIP/2.0</c>.</summary>
    public string Protocol { get; } = "SIP/2.0";

    /// <summary>Upper-case transport: UDP, TCP, TLS, SCTP, WS, WSS or another token.</summary>
    public string Transport { get; set; }

    public string Host { get; set; }

    public int? Port { get; set; }

    public SipParameters Parameters { get; private set; } = new();

    public string? Branch => Parameters["branch"];

    public bool HasRfc3261Branch => Branch?.StartsWith(BranchMagicCookie, StringComparison.Ordinal) == true;

    public string? Received
    {
        get => Parameters["received"];
        set => Parameters.Set("received", value);
    }

    /// <summary>True when the sender asked for rport (RFC 3581), with or without a value.</summary>
    public bool HasRport => Parameters.Contains("rport");

    public int? RportValue =>
        int.TryParse(Parameters["rport"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;

    public static bool TryParse(ReadOnlySpan<char> text, out SipVia via)
    {
        via = null!;
        text = text.Trim();

        // sent-protocol = protocol-name SLASH protocol-version SLASH transport, LWS allowed around the slashes.
        var parts = new string[3];
        for (var i = 0; i < 3; i++)
        {
            text = text.TrimStart();
            var end = 0;
            while (end < text.Length && SipText.IsTokenChar(text[end]))
            {
                end++;
            }

            if (end == 0)
            {
                return false;
            }

            parts[i] = text[..end].ToString();
            text = text[end..].TrimStart();
            if (i < 2)
            {
                if (text.IsEmpty || text[0] != '/')
                {
                    return false;
                }

                text = text[1..];
            }
        }

        var semicolon = SipText.IndexOfUnquoted(text, ';');
        var sentBy = (semicolon < 0 ? text : text[..semicolon]).Trim();
        var paramText = semicolon < 0 ? [] : text[semicolon..];

        // LWS is allowed around the colon of sent-by.
        Span<char> compact = stackalloc char[sentBy.Length];
        var length = 0;
        foreach (var c in sentBy)
        {
            if (c is not (' ' or '\t'))
            {
                compact[length++] = c;
            }
        }

        if (length != sentBy.Length && sentBy.IndexOf(':') < 0)
        {
            return false;
        }

        if (!SipUri.TryParseHostPort(compact[..length], out var host, out var port) ||
            !SipParameters.TryParse(paramText, ';', out var parameters))
        {
            return false;
        }

        via = new SipVia(parts[0] + "/" + parts[1], parts[2].ToUpperInvariant(), host, port, parameters);
        return true;
    }

    public SipVia Clone() => new(Protocol, Transport, Host, Port, Parameters.Clone());

    public override string ToString()
    {
        var builder = new StringBuilder(96).Append(Protocol).Append('/').Append(Transport).Append(' ').Append(Host);
        if (Port is int port)
        {
            builder.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        }

        Parameters.AppendTo(builder);
        return builder.ToString();
    }
}
