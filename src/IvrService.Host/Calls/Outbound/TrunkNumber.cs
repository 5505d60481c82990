using IvrService.Sip;

namespace IvrService.Host.Calls.Outbound;

/// <summary>Writes an E.164 number the way a trunk wants it in the Request-URI (<c>Sip:Trunks:N:NumberFormat</c>).</summary>
internal static class TrunkNumber
{
    /// <summary>
    /// <paramref name="e164"/> (+ and 7 to 15 digits) as the trunk's format: e164 as given, digits without the +,
    /// national with 0 for the trunk's country and 00 before any other country's code.
    /// </summary>
    /// <exception cref="ArgumentException">The number is not E.164.</exception>
    public static string Format(string e164, SipTrunkOptions trunk)
    {
        ArgumentNullException.ThrowIfNull(trunk);
        if (!IsE164(e164))
        {
            throw new ArgumentException(
                $"OutboundDialRequest.Number: '{e164}' is not an E.164 number (+, then 7 to 15 digits, the first not 0)", nameof(e164));
        }

        var digits = e164[1..];
        return trunk.NumberFormat switch
        {
            "digits" => digits,
            "national" when digits.StartsWith(trunk.CountryCode, StringComparison.Ordinal) => "0" + digits[trunk.CountryCode.Length..],
            "national" => "00" + digits,
            _ => e164,
        };
    }

    private static bool IsE164(string? number)
    {
        if (number is null || number.Length is < 8 or > 16 || number[0] != '+' || number[1] == '0')
        {
            return false;
        }

        for (var i = 1; i < number.Length; i++)
        {
            if (!char.IsAsciiDigit(number[i]))
            {
                return false;
            }
        }

        return true;
    }
}
