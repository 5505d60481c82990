using IvrService.Sip.Security;

namespace IvrService.Sip.Tests.Security;

public sealed class SipSecurityOptionsValidatorTests
{
    [Fact]
    public void Validate_Succeeds_WhenOptionsAreDefaults()
    {
        // Arrange
        var validator = new SipSecurityOptionsValidator();

        // Act
        var result = validator.Validate(null, new SipSecurityOptions());

        // Assert
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_NamesKeyAndIndex_WhenAnAllowedSourceIsInvalid()
    {
        // Arrange
        var validator = new SipSecurityOptionsValidator();
        var options = new SipSecurityOptions { AllowedSources = ["127.0.0.0/8", "::1", "10.0.0.300/8"] };

        // Act
        var result = validator.Validate(null, options);

        // Assert
        Assert.True(result.Failed);
        Assert.Equal(["Sip:Security:AllowedSources[2]: '10.0.0.300/8' is not a valid address range"], result.Failures);
    }

    [Fact]
    public void Validate_ReportsEveryProblem_WhenSeveralSettingsAreWrong()
    {
        // Arrange
        var validator = new SipSecurityOptionsValidator();
        var options = new SipSecurityOptions
        {
            RateLimitExemptSources = ["trunk.example"],
            RequestsPerSecondPerSource = double.NaN,
            Burst = 0,
            MaxTrackedSources = 0,
            IdleSourceTimeout = TimeSpan.Zero,
            Ipv6SourcePrefixLength = 129,
        };

        // Act
        var failures = validator.Validate(options);

        // Assert
        Assert.Equal(
            [
                "Sip:Security:RateLimitExemptSources[0]: 'trunk.example' is not a valid address range",
                "Sip:Security:RequestsPerSecondPerSource: must be a number greater than 0 (was NaN)",
                "Sip:Security:Burst: must be at least 1 (was 0)",
                "Sip:Security:MaxTrackedSources: must be between 1 and 10000000 (was 0)",
                "Sip:Security:IdleSourceTimeout: must be longer than zero (was 00:00:00)",
                "Sip:Security:Ipv6SourcePrefixLength: must be between 32 and 128 (was 129)",
            ],
            failures);
    }

    [Fact]
    public void Validate_UsesGivenSectionPath_WhenOptionsAreBoundElsewhere()
    {
        // Arrange
        var validator = new SipSecurityOptionsValidator("Edge:Sip");
        var options = new SipSecurityOptions { Burst = -1 };

        // Act
        var failures = validator.Validate(options);

        // Assert
        Assert.Equal(["Edge:Sip:Burst: must be at least 1 (was -1)"], failures);
    }
}
