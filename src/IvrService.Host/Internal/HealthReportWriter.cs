using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IvrService.Host.Internal;

/// <summary>
/// Writes <c>/healthz</c> as JSON: the overall status and each check (storage, sip) with its status, description
/// and figures. The HTTP status stays the health checks' own: 200 when healthy, 503 when not.
/// </summary>
internal static class HealthReportWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var output = new MemoryStream();
        await using (output.ConfigureAwait(false))
        {
            using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WriteString("status", report.Status.ToString());
                json.WriteNumber("duration_ms", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
                json.WriteStartObject("checks");
                foreach (var (name, entry) in report.Entries)
                {
                    json.WriteStartObject(name);
                    json.WriteString("status", entry.Status.ToString());
                    if (entry.Description is { } description)
                    {
                        json.WriteString("description", description);
                    }

                    if (entry.Exception is { } exception)
                    {
                        json.WriteString("error", exception.Message);
                    }

                    foreach (var (key, value) in entry.Data)
                    {
                        WriteValue(json, key, value);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            output.Position = 0;
            await output.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static void WriteValue(Utf8JsonWriter json, string key, object value)
    {
        switch (value)
        {
            case bool flag:
                json.WriteBoolean(key, flag);
                break;
            case int number:
                json.WriteNumber(key, number);
                break;
            case long number:
                json.WriteNumber(key, number);
                break;
            case double number:
                json.WriteNumber(key, number);
                break;
            default:
                json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
