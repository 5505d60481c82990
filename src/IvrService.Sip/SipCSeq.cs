using System.Globalization;

namespace IvrService.Sip;

/// <summary>The CSeq header (RFC 3261 §20.16): a sequence number below 2^31 and a method.</summary>
public readonly record struct SipCSeq(uint Number, string Method)
{
    public const uint MaxNumber = int.MaxValue;

    public static bool TryParse(ReadOnlySpan<char> text, out SipCSeq cseq)
    {
        cseq = default;
        text = text.Trim();
        var space = text.IndexOfAny(' ', '\t');
        if (space <= 0)
        {
            return false;
        }

        var method = text[space..].Trim();
        if (!uint.TryParse(text[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var number) ||
            number > MaxNumber || !SipText.IsToken(method))
        {
            return false;
        }

        cseq = new SipCSeq(number, method.ToString());
        return true;
    }

    public override string ToString() => Number.ToString(CultureInfo.InvariantCulture) + " " + Method;
}
