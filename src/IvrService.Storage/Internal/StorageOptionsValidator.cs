using Microsoft.Extensions.Options;
using Npgsql;

namespace IvrService.Storage.Internal;

/// <summary>Checks <see cref="StorageOptions"/> at start; every message names the configuration key.</summary>
internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();

        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
                if (string.IsNullOrWhiteSpace(builder.Host))
                {
                    failures.Add($"{StorageOptions.ConnectionStringKey} must name a server (Host=...).");
                }
            }
            catch (ArgumentException ex)
            {
                failures.Add($"{StorageOptions.ConnectionStringKey} is not a valid PostgreSQL connection string: {ex.Message}");
            }
        }

        if (options.DataDirectory is { } dataDirectory &&
            (string.IsNullOrWhiteSpace(dataDirectory) || !Path.IsPathFullyQualified(dataDirectory)))
        {
            failures.Add($"Storage:DataDirectory must be an absolute path; it is '{dataDirectory}'.");
        }

        if (options.PostgresBinDirectory is { } binDirectory &&
            (string.IsNullOrWhiteSpace(binDirectory) || !Path.IsPathFullyQualified(binDirectory)))
        {
            failures.Add($"Storage:PostgresBinDirectory must be an absolute path; it is '{binDirectory}'.");
        }

        if (options.EmbeddedPort != 0 && options.EmbeddedPort is < 1024 or > 65535)
        {
            failures.Add(
                $"Storage:EmbeddedPort must be 0 (pick a free port) or between 1024 and 65535; it is {options.EmbeddedPort}.");
        }

        if (!IsValidDatabaseName(options.Database))
        {
            failures.Add(
                $"Storage:Database must be 1 to 63 letters, digits or underscores, not starting with a digit; it is '{options.Database}'.");
        }

        if (options.StartTimeout <= TimeSpan.Zero || options.StartTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"Storage:StartTimeout must be more than zero and at most 01:00:00; it is {options.StartTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static bool IsValidDatabaseName(string? name) => name is not null && DatabaseName().IsMatch(name);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial System.Text.RegularExpressions.Regex DatabaseName();
}
