using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace IvrService.Cli.Internal;

/// <summary>How ivrctl prints times, durations and sizes: invariant, UTC, short.</summary>
internal static class Formats
{
    public static string Time(Timestamp? at) =>
        at is null ? "-" : at.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Duration(Duration? duration)
    {
        if (duration is null)
        {
            return "-";
        }

        var span = duration.ToTimeSpan();
        return span.TotalHours >= 1
            ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : span.ToString(@"m\:ss\.f", CultureInfo.InvariantCulture);
    }

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
    };

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An enum value of the contract as its lowercase name without the type prefix (<c>CALLER_HANGUP</c> → <c>caller_hangup</c>).</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, System.Enum
    {
        if (Convert.ToInt32(value, CultureInfo.InvariantCulture) == 0)
        {
            return "-";
        }

        var text = value.ToString();
        var name = new System.Text.StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            if (i > 0 && char.IsUpper(text[i]) && !char.IsDigit(text[i - 1]))
            {
                name.Append('_');
            }

            name.Append(char.ToLowerInvariant(text[i]));
        }

        return name.ToString();
    }

    /// <summary>A time given on the command line: ISO 8601, UTC when no offset is given.</summary>
    public static DateTimeOffset? ParseTime(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var at)
            ? at
            : throw new UsageException($"{option}: '{text}' is not an ISO 8601 time such as 2025-03-01T10:00+03:30 or 2025-03-01");
    }
}
