extern alias ApiServer;

using ApiServer::IvrService.Api;
using ApiServer::IvrService.Api.Internal;

namespace IvrService.Api.Tests;

public sealed class ApiOptionsValidatorTests
{
    private static readonly string Hash = ApiKeyHash.ToHex("k");

    [Fact]
    public void Validate_Succeeds_WhenKeysAreComplete()
    {
        // Arrange
        var options = new ApiOptions();
        options.Keys.Add(new ApiKeyOptions { Name = "crm", Scope = ApiScope.Integrator, Sha256 = Hash });

        // Act
        var result = new ApiOptionsValidator().Validate(null, options);

        // Assert
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_FailsNamingEachKey_WhenEntriesAreIncompleteOrRepeated()
    {
        // Arrange
        var options = new ApiOptions { RecordingChunkBytes = 10 };
        options.Keys.Add(new ApiKeyOptions { Name = "crm", Scope = ApiScope.Integrator, Sha256 = Hash });
        options.Keys.Add(new ApiKeyOptions { Name = "CRM", Scope = null, Sha256 = "the-key-in-clear" });
        options.Keys.Add(new ApiKeyOptions { Name = "", Scope = ApiScope.Admin, Sha256 = Hash });

        // Act
        var result = new ApiOptionsValidator().Validate(null, options);

        // Assert
        Assert.True(result.Failed);
        Assert.Equal(
            [
                "Api:Keys:1:Name 'CRM' is used by another key.",
                "Api:Keys:1:Scope is required: 'integrator' or 'admin'.",
                "Api:Keys:1:Sha256 must be the key's SHA-256 hash as 64 hex digits (printf %s \"$KEY\" | sha256sum), never the key itself.",
                "Api:Keys:2:Name is required.",
                "Api:Keys:2:Sha256 is the hash of another key too.",
                "Api:RecordingChunkBytes must be between 4096 and 1048576.",
            ],
            result.Failures);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(61)]
    public void Validate_FailsNamingResultCacheMaxAge_WhenItIsNegativeOrOverAMinute(int seconds)
    {
        // Arrange
        var options = new ApiOptions { ResultCacheMaxAge = TimeSpan.FromSeconds(seconds) };

        // Act
        var result = new ApiOptionsValidator().Validate(null, options);

        // Assert
        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Api:ResultCacheMaxAge", StringComparison.Ordinal));
    }
}
