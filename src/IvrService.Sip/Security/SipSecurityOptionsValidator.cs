using System.Globalization;
using Microsoft.Extensions.Options;

namespace IvrService.Sip.Security;

/// <summary>
/// Start-up validation of <see cref="SipSecurityOptions"/>; every message names the configuration key,
/// e.g. "Sip:Security:AllowedSources[2]: '10.0.0.300/8' is not a valid address range".
/// </summary>
internal sealed class SipSecurityOptionsValidator : IValidateOptions<SipSecurityOptions>
{
    public const int MaxTrackedSourcesLimit = 10_000_000;

    private readonly string _sectionPath;

    public SipSecurityOptionsValidator()
        : this(SipSecurityOptions.SectionName)
    {
    }

    /// <summary>For when the options are bound from another section than <see cref="SipSecurityOptions.SectionName"/>.</summary>
    public SipSecurityOptionsValidator(string sectionPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(sectionPath);
        _sectionPath = sectionPath;
    }

    public ValidateOptionsResult Validate(string? name, SipSecurityOptions options)
    {
        var failures = Validate(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public IReadOnlyList<string> Validate(SipSecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateRanges(options.AllowedSources, nameof(SipSecurityOptions.AllowedSources), failures);
        ValidateRanges(options.RateLimitExemptSources, nameof(SipSecurityOptions.RateLimitExemptSources), failures);

        var rate = options.RequestsPerSecondPerSource;
        if (!double.IsFinite(rate) || rate <= 0)
        {
            failures.Add(Message(nameof(SipSecurityOptions.RequestsPerSecondPerSource), FormattableString.Invariant($"must be a number greater than 0 (was {rate})")));
        }

        if (options.Burst < 1)
        {
            failures.Add(Message(nameof(SipSecurityOptions.Burst), FormattableString.Invariant($"must be at least 1 (was {options.Burst})")));
        }

        if (options.MaxTrackedSources is < 1 or > MaxTrackedSourcesLimit)
        {
            failures.Add(Message(
                nameof(SipSecurityOptions.MaxTrackedSources),
                FormattableString.Invariant($"must be between 1 and {MaxTrackedSourcesLimit} (was {options.MaxTrackedSources})")));
        }

        if (options.IdleSourceTimeout <= TimeSpan.Zero)
        {
            failures.Add(Message(nameof(SipSecurityOptions.IdleSourceTimeout), FormattableString.Invariant($"must be longer than zero (was {options.IdleSourceTimeout})")));
        }

        if (options.Ipv6SourcePrefixLength is < 32 or > 128)
        {
            failures.Add(Message(
                nameof(SipSecurityOptions.Ipv6SourcePrefixLength),
                FormattableString.Invariant($"must be between 32 and 128 (was {options.Ipv6SourcePrefixLength})")));
        }

        return failures;
    }

    private void ValidateRanges(string[]? ranges, string key, List<string> failures)
    {
        if (ranges is null)
        {
            return;
        }

        for (var i = 0; i < ranges.Length; i++)
        {
            if (!NetworkRange.TryParse(ranges[i], out _))
            {
                failures.Add(Message(
                    string.Create(CultureInfo.InvariantCulture, $"{key}[{i}]"),
                    $"'{ranges[i]}' is not a valid address range"));
            }
        }
    }

    private string Message(string key, string problem) => $"{_sectionPath}:{key}: {problem}";
}
