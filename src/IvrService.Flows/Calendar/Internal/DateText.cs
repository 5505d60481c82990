using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace IvrService.Flows.Calendar.Internal;

/// <summary>Splits "yyyy-MM-dd" / "yyyy/MM/dd" text (ASCII, Persian or Arabic-Indic digits) into numbers.</summary>
internal static class DateText
{
    /// <summary>Replaces Persian (۰–۹) and Arabic-Indic (٠–٩) digits with ASCII digits.</summary>
    public static string NormalizeDigits(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (c is >= '\u06F0' and <= '\u06F9')
            {
                chars[i] = (char)('0' + (c - '\u06F0'));
            }
            else if (c is >= '\u0660' and <= '\u0669')
            {
                chars[i] = (char)('0' + (c - '\u0660'));
            }
        }

        return new string(chars);
    }

    public static bool TrySplit(string? text, out int year, out int month, out int day, [NotNullWhen(false)] out string? error)
    {
        year = 0;
        month = 0;
        day = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the date is empty: expected year-month-day such as 1405-01-01 (Jalali) or 2026-03-21 (Gregorian)";
            return false;
        }

        var normalized = NormalizeDigits(text.Trim());
        var parts = normalized.Split('-', '/');
        if (parts.Length != 3
            || !TryNumber(parts[0], 4, out year)
            || !TryNumber(parts[1], 2, out month)
            || !TryNumber(parts[2], 2, out day))
        {
            error = $"'{text}' is not a date: expected year-month-day with digits, such as 1405-01-01 or 1405/01/01 (Jalali) or 2026-03-21 (Gregorian)";
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryNumber(string part, int maxLength, out int value)
    {
        value = 0;
        if (part.Length == 0 || part.Length > maxLength)
        {
            return false;
        }

        foreach (var c in part)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
