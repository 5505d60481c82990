namespace IvrService.IntegrationTests.Flows;

/// <summary>The after-sales menu test classes run one after the other: their calls' audio is timed against the prompts.</summary>
[CollectionDefinition(Name)]
public sealed class AfterSalesCollection
{
    public const string Name = "after-sales menu";
}
