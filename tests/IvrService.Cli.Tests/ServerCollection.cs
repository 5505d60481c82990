namespace IvrService.Cli.Tests;

/// <summary>One server for the test classes that run ivrctl against it.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "ivrctl server";
}
