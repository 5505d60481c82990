using IvrService.Flows.Definitions;
using Microsoft.Extensions.DependencyInjection;

namespace IvrService.IntegrationTests.Flows;

/// <summary>
/// The validator the host gives the API is the one calls load menus with: the host's prompt catalog and its
/// transfer allow-list decide, so a menu published through the API is judged exactly as a call would judge it.
/// </summary>
public sealed class HostFlowValidatorTests : IAsyncLifetime
{
    private readonly IvrHostFixture _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public void Validate_AcceptsShippedMenu_WhenItsOperatorIsOnTheHostsAllowList()
    {
        // Arrange
        var validator = _host.Services.GetRequiredService<IFlowValidator>();
        var yaml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "prompts", "menus", "after-sales.yaml"));

        // Act
        var result = validator.Validate(yaml, "after-sales.yaml");

        // Assert
        Assert.True(result.Succeeded, string.Join('\n', result.Problems));
    }

    [Fact]
    public void Validate_RejectsMenu_WhenItsDestinationOrPromptIsUnknownToTheHost()
    {
        // Arrange
        var validator = _host.Services.GetRequiredService<IFlowValidator>();
        var yaml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "prompts", "menus", "after-sales.yaml"))
            .Replace("destination: operator", "destination: back_office", StringComparison.Ordinal)
            .Replace("prompt: welcome", "prompt: welcome_unrecorded", StringComparison.Ordinal);

        // Act
        var result = validator.Validate(yaml, "after-sales.yaml");

        // Assert
        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p.NodePath == "nodes.operator.destination" && p.Reason.Contains("'back_office' is not on the allow-list", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.NodePath == "nodes.greeting.prompt" && p.Reason.StartsWith("prompt 'welcome_unrecorded' has no text", StringComparison.Ordinal));
    }
}
