using System.Globalization;
using System.Net;
using System.Text;

namespace IvrService.Sip;

/// <summary>
/// A URI as SIP carries it (RFC 3261 §19.1): <c>sip:</c>/<c>sips:</c> parsed into parts, <c>tel:</c> (RFC 3966)
/// into number and parameters, any other scheme kept opaque.
/// </summary>
public sealed class SipUri
{
    private SipUri(string scheme)
    {
        Scheme = scheme;
    }

    /// <summary>Lower-case scheme: sip, sips, tel, or another.</summary>
    public string Scheme { get; }

    public bool IsSip => Scheme is "sip" or "sips";

    /// <summary>User part as written (escapes kept); the number of a tel: URI.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>Host as written; IPv6 references keep their brackets.</summary>
    public string Host { get; set; } = "";

    public int? Port { get; set; }

    public SipParameters Parameters { get; private set; } = new();

    /// <summary>The <c>?headers</c> part without the question mark.</summary>
    public string? Headers { get; set; }

    /// <summary>The text after the scheme for schemes this type does not parse.</summary>
    public string? Opaque { get; private set; }

    public string? Transport => Parameters["transport"]?.ToLowerInvariant();

    /// <summary>User part with %XX escapes resolved.</summary>
    public string? UnescapedUser => User is null ? null : Uri.UnescapeDataString(User);

    public static SipUri Create(string scheme, string? user, string host, int? port = null)
    {
        return new SipUri(scheme.ToLowerInvariant()) { User = user, Host = host, Port = port };
    }

    public static SipUri Parse(string text) =>
        TryParse(text, out var uri) ? uri : throw new FormatException($"'{text}' is not a valid URI");

    public static bool TryParse(ReadOnlySpan<char> text, out SipUri uri)
    {
        uri = null!;
        var colon = text.IndexOf(':');
        if (colon <= 0 || !IsScheme(text[..colon]))
        {
            return false;
        }

        var scheme = text[..colon].ToString().ToLowerInvariant();
        var rest = text[(colon + 1)..];
        if (rest.IsEmpty || ContainsWhitespaceOrControl(rest))
        {
            return false;
        }

        var result = new SipUri(scheme);
        if (scheme is "sip" or "sips")
        {
            if (!TryParseSip(rest, result))
            {
                return false;
            }
        }
        else if (scheme == "tel")
        {
            var semicolon = rest.IndexOf(';');
            result.User = (semicolon < 0 ? rest : rest[..semicolon]).ToString();
            if (result.User.Length == 0)
            {
                return false;
            }

            if (semicolon >= 0)
            {
                if (!SipParameters.TryParse(rest[semicolon..], ';', out var parameters))
                {
                    return false;
                }

                result.Parameters = parameters;
            }
        }
        else
        {
            result.Opaque = rest.ToString();
        }

        uri = result;
        return true;
    }

    private static bool TryParseSip(ReadOnlySpan<char> rest, SipUri result)
    {
        // The user part may hold '?', ';' and ',' (user-unreserved), but never '@': split there first.
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var passwordColon = userInfo.IndexOf(':');
            if (passwordColon >= 0)
            {
                result.Password = userInfo[(passwordColon + 1)..].ToString();
                userInfo = userInfo[..passwordColon];
            }

            if (userInfo.IsEmpty || userInfo.IndexOfAny('<', '>', '"') >= 0)
            {
                return false;
            }

            result.User = userInfo.ToString();
        }

        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            result.Headers = rest[(question + 1)..].ToString();
            rest = rest[..question];
        }

        var semicolon = rest.IndexOf(';');
        var hostPort = semicolon < 0 ? rest : rest[..semicolon];
        if (semicolon >= 0)
        {
            if (!SipParameters.TryParse(rest[semicolon..], ';', out var parameters))
            {
                return false;
            }

            result.Parameters = parameters;
        }

        if (!TryParseHostPort(hostPort, out var host, out var port))
        {
            return false;
        }

        result.Host = host;
        result.Port = port;
        return true;
    }

    /// <summary>Parses <c>host[:port]</c> where host is a name, an IPv4 address or a bracketed IPv6 reference.</summary>
    public static bool TryParseHostPort(ReadOnlySpan<char> text, out string host, out int? port)
    {
        host = "";
        port = null;
        if (text.IsEmpty)
        {
            return false;
        }

        ReadOnlySpan<char> hostPart;
        ReadOnlySpan<char> portPart = [];
        if (text[0] == '[')
        {
            var close = text.IndexOf(']');
            if (close < 0 || !IPAddress.TryParse(text[1..close], out var v6) ||
                v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }

            hostPart = text[..(close + 1)];
            var after = text[(close + 1)..];
            if (!after.IsEmpty)
            {
                if (after[0] != ':')
                {
                    return false;
                }

                portPart = after[1..];
            }
        }
        else
        {
            var colon = text.IndexOf(':');
            hostPart = colon < 0 ? text : text[..colon];
            if (colon >= 0)
            {
                portPart = text[(colon + 1)..];
            }

            foreach (var c in hostPart)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
                {
                    return false;
                }
            }

            if (hostPart.IsEmpty)
            {
                return false;
            }
        }

        if (!portPart.IsEmpty || (text.Length > hostPart.Length && text[hostPart.Length] == ':'))
        {
            if (portPart.IsEmpty || portPart.Length > 5 ||
                !int.TryParse(portPart, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p > 65535)
            {
                return false;
            }

            port = p;
        }

        host = hostPart.ToString();
        return true;
    }

    public SipUri Clone()
    {
        var copy = (SipUri)MemberwiseClone();
        copy.Parameters = Parameters.Clone();
        return copy;
    }

    public override string ToString()
    {
        var builder = new StringBuilder(64).Append(Scheme).Append(':');
        if (Opaque is not null)
        {
            return builder.Append(Opaque).ToString();
        }

        if (User is not null)
        {
            builder.Append(User);
            if (Password is not null)
            {
                builder.Append(':').Append(Password);
            }

            if (Scheme != "tel")
            {
                builder.Append('@');
            }
        }

        builder.Append(Host);
        if (Port is int port)
        {
            builder.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        }

        Parameters.AppendTo(builder);
        if (Headers is not null)
        {
            builder.Append('?').Append(Headers);
        }

        return builder.ToString();
    }

    private static bool IsScheme(ReadOnlySpan<char> text)
    {
        if (!char.IsAsciiLetter(text[0]))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ContainsWhitespaceOrControl(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c <= ' ' || c == '\u007f')
            {
                return true;
            }
        }

        return false;
    }
}
