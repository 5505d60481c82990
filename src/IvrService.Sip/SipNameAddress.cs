using System.Text;

namespace IvrService.Sip;

/// <summary>
/// A <c>name-addr</c> or <c>addr-spec</c> with header parameters (RFC 3261 §20.10): the value of From, To,
/// Contact, Route, Record-Route, Refer-To and similar headers.
/// </summary>
public sealed class SipNameAddress
{
    public SipNameAddress(SipUri uri, string? displayName = null)
    {
        Uri = uri;
        DisplayName = displayName;
    }

    public string? DisplayName { get; set; }

    public SipUri Uri { get; set; }

    public SipParameters Parameters { get; private set; } = new();

    public string? Tag
    {
        get => Parameters["tag"];
        set
        {
            if (value is null)
            {
                Parameters.Remove("tag");
            }
            else
            {
                Parameters.Set("tag", value);
            }
        }
    }

    public static bool TryParse(ReadOnlySpan<char> text, out SipNameAddress address) =>
        TryParse(text, out address, out _);

    /// <summary>Parses the value; on failure <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out SipNameAddress address, out string problem)
    {
        address = null!;
        text = text.Trim();
        string? displayName = null;
        ReadOnlySpan<char> uriText;
        ReadOnlySpan<char> paramText;

        var lt = SipText.IndexOfUnquoted(text, '<');
        if (lt >= 0)
        {
            var display = text[..lt].Trim();
            if (!display.IsEmpty)
            {
                if (display[0] == '"')
                {
                    if (SipText.QuotedStringLength(display) != display.Length)
                    {
                        problem = "unterminated quoted display name";
                        return false;
                    }

                    displayName = SipText.Unquote(display);
                }
                else
                {
                    if (!IsTokenList(display))
                    {
                        problem = "display name is neither a quoted string nor tokens";
                        return false;
                    }

                    displayName = display.ToString();
                }
            }

            var gt = text[lt..].IndexOf('>');
            if (gt < 0)
            {
                problem = "missing '>' after the URI";
                return false;
            }

            uriText = text[(lt + 1)..(lt + gt)];
            if (uriText.Length > 0 && (char.IsWhiteSpace(uriText[0]) || char.IsWhiteSpace(uriText[^1])))
            {
                problem = "whitespace between '<' '>' and the URI";
                return false;
            }

            paramText = text[(lt + gt + 1)..];
            if (!paramText.Trim().IsEmpty && paramText.TrimStart()[0] != ';')
            {
                problem = "unexpected text after '>'";
                return false;
            }
        }
        else
        {
            if (text.Length > 0 && text[0] == '"')
            {
                problem = SipText.QuotedStringLength(text) < 0
                    ? "unterminated quoted display name"
                    : "display name without <URI>";
                return false;
            }

            var semicolon = text.IndexOf(';');
            uriText = (semicolon < 0 ? text : text[..semicolon]).Trim();
            paramText = semicolon < 0 ? [] : text[semicolon..];
            if (uriText.IndexOfAny(' ', '\t') >= 0)
            {
                problem = "whitespace inside the address";
                return false;
            }

            if (uriText.IndexOfAny('?', ',') >= 0)
            {
                problem = "a URI with '?' or ',' must be enclosed in '<' and '>'";
                return false;
            }
        }

        if (!SipUri.TryParse(uriText, out var uri))
        {
            problem = "malformed URI";
            return false;
        }

        if (!SipParameters.TryParse(paramText, ';', out var parameters))
        {
            problem = "malformed parameters";
            return false;
        }

        address = new SipNameAddress(uri, displayName) { Parameters = parameters };
        problem = "";
        return true;
    }

    public SipNameAddress Clone() =>
        new(Uri.Clone(), DisplayName) { Parameters = Parameters.Clone() };

    public override string ToString()
    {
        var builder = new StringBuilder(96);
        if (!string.IsNullOrEmpty(DisplayName))
        {
            builder.Append(SipText.Quote(DisplayName)).Append(' ');
        }

        builder.Append('<').Append(Uri).Append('>');
        Parameters.AppendTo(builder);
        return builder.ToString();
    }

    private static bool IsTokenList(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(SipText.IsTokenChar(c) || c is ' ' or '\t'))
            {
                return false;
            }
        }

        return true;
    }
}
