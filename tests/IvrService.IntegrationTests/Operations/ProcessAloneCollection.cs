namespace IvrService.IntegrationTests.Operations;

/// <summary>
/// Test classes that must have the test process to themselves: the product's meters are process-wide, and an
/// observable instrument of another host in the same process (a call of a test running beside) reports into the same
/// metric stream, so a scrape could show that host's figure instead of this one's. xunit runs this collection after
/// all parallel ones, one class at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessAloneCollection
{
    public const string Name = "process alone";
}
