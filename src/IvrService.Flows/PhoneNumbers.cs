namespace IvrService.Flows;

/// <summary>
/// Phone numbers as the contract accepts them: E.164 (<c>+</c> and 8 to 15 digits, the first not 0), or national
/// Iranian (<c>0</c> and 10 digits: <c>09121234567</c>, <c>02112345678</c>; or <c>0098</c> and the number), stored as E.164.
/// Spaces and dashes between digits are ignored. Shared by everything that takes numbers from outside (the API, the
/// do-not-call list, happy-call scheduling), so a number is written one way everywhere.
/// </summary>
public static class PhoneNumbers
{
    private const string IranCountryCode = "98";

    /// <summary>The number in E.164, or false with the reason when it is neither form.</summary>
    public static bool TryNormalize(string text, out string e164, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        e164 = "";
        error = null;
        var digits = new System.Text.StringBuilder(text.Length);
        var plus = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '+' && i == 0)
            {
                plus = true;
            }
            else if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-') || digits.Length == 0)
            {
                error = "must be an E.164 number (+989121234567) or a national Iranian number (09121234567)";
                return false;
            }
        }

        var number = digits.ToString();
        if (!plus && number.StartsWith("00" + IranCountryCode, StringComparison.Ordinal))
        {
            number = number[2..];
        }
        else if (!plus)
        {
            if (number.Length != 11 || number[0] != '0' || number[1] == '0')
            {
                error = "is not a national Iranian number (0 and 10 digits, like 09121234567); give other countries' numbers in E.164 (+...)";
                return false;
            }

            number = IranCountryCode + number[1..];
        }

        if (number.Length is < 8 or > 15 || number[0] == '0')
        {
            error = "is not an E.164 number (+ and 8 to 15 digits, the first not 0)";
            return false;
        }

        e164 = "+" + number;
        return true;
    }
}
