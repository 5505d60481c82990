using IvrService.Storage;
using IvrService.Storage.Internal;
using IvrService.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IvrService.Storage.Tests;

public sealed class StorageOptionsValidatorTests
{
    private readonly StorageOptionsValidator _validator = new();

    [Fact]
    public void Validate_Succeeds_WhenOptionsAreDefaults()
    {
        // Arrange
        var options = new StorageOptions();

        // Act
        var result = _validator.Validate(null, options);

        // Assert
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void DataDirectoryDefault_IsVarLib_WhenRunningAsRootOnLinux()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            Assert.EndsWith("IvrService", StorageDefaults.DataDirectory(), StringComparison.Ordinal);
            return;
        }

        Assert.Equal("/var/lib/ivrservice", StorageDefaults.DataDirectory());
    }

    [Fact]
    public void Validate_NamesDataDirectoryKey_WhenPathIsRelative()
    {
        var result = _validator.Validate(null, new StorageOptions { DataDirectory = "data/ivr" });

        Assert.True(result.Failed);
        Assert.Contains("Storage:DataDirectory", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NamesPostgresBinDirectoryKey_WhenPathIsRelative()
    {
        var result = _validator.Validate(null, new StorageOptions { PostgresBinDirectory = "bin" });

        Assert.True(result.Failed);
        Assert.Contains("Storage:PostgresBinDirectory", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(80)]
    [InlineData(65536)]
    public void Validate_NamesEmbeddedPortKey_WhenPortIsOutOfRange(int port)
    {
        var result = _validator.Validate(null, new StorageOptions { EmbeddedPort = port });

        Assert.True(result.Failed);
        Assert.Contains("Storage:EmbeddedPort", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1ivr")]
    [InlineData("ivr-db")]
    [InlineData("ivr\"; DROP DATABASE postgres; --")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890123")]
    public void Validate_NamesDatabaseKey_WhenNameIsNotAPlainIdentifier(string database)
    {
        var result = _validator.Validate(null, new StorageOptions { Database = database });

        Assert.True(result.Failed);
        Assert.Contains("Storage:Database", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NamesStartTimeoutKey_WhenTimeoutIsZero()
    {
        var result = _validator.Validate(null, new StorageOptions { StartTimeout = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Contains("Storage:StartTimeout", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NamesConnectionStringKey_WhenConnectionStringIsMalformed()
    {
        var result = _validator.Validate(null, new StorageOptions { ConnectionString = "Host=localhost;Bogus Key=1" });

        Assert.True(result.Failed);
        Assert.Contains("ConnectionStrings:Ivr", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReportsEveryProblem_WhenSeveralSettingsAreWrong()
    {
        var result = _validator.Validate(null, new StorageOptions { EmbeddedPort = 1, Database = "-" });

        Assert.Contains("Storage:EmbeddedPort", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Storage:Database", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStartAsync_FailsNamingKey_WhenConfigurationIsInvalid()
    {
        // Arrange
        await using var directory = TestDataDirectory.Create();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = directory.Path,
            ["Storage:EmbeddedPort"] = "80",
        });
        builder.Services.AddIvrStorage();
        using var host = builder.Build();

        // Act
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => host.StartAsync().WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Contains("Storage:EmbeddedPort", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(directory.Path, "postgres")), "nothing may start on invalid options");
    }

    [Fact]
    public async Task AddIvrStorage_TakesConnectionString_FromConnectionStringsIvr()
    {
        // Arrange
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Ivr"] = "Host=db.example;Database=ivr",
                ["Storage:Database"] = "calls",
            })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddIvrStorage();

        // Act
        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;

        // Assert
        Assert.Equal("Host=db.example;Database=ivr", options.ConnectionString);
        Assert.Equal("calls", options.Database);
        Assert.NotNull(provider.GetRequiredService<ICallRecordStore>());
    }
}
