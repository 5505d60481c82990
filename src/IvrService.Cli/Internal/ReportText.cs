using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using IvrService.Flows.Calendar;

namespace IvrService.Cli.Internal;

/// <summary>What the report commands share in writing their tables, CSV and JSON.</summary>
internal static class ReportText
{
    /// <summary>The local date of <paramref name="at"/> in the report's zone and calendar (1405-02-19, or 2026-05-09).</summary>
    public static string LocalDate(Timestamp at, string calendarName, string zoneName)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out var zone))
        {
            return "";
        }

        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at.ToDateTimeOffset(), zone).DateTime);
        if (calendarName == "gregorian")
        {
            return day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var jalali = JalaliDate.FromGregorian(day);
        return string.Create(CultureInfo.InvariantCulture, $"{jalali.Year:D4}-{jalali.Month:D2}-{jalali.Day:D2}");
    }

    public static void AppendCsvLine(StringBuilder text, IEnumerable<string> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                text.Append(',');
            }

            first = false;
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                text.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(cell);
            }
        }

        text.Append('\n');
    }

    public static string Iso(Timestamp? at) =>
        at is null ? "" : at.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);


    /// <summary>A share 0–1 as a percentage with one decimal (62.5%).</summary>
    public static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A figure with up to <paramref name="decimals"/> decimals (4.25, -12.5).</summary>
    public static string Decimal(double value, int decimals = 2) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);

    /// <summary>Writes JSON with <paramref name="write"/> into an indented document and returns it with a final newline.</summary>
    public static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
