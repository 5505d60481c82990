namespace IvrService.Api.Tests;

/// <summary>One API server (and PostgreSQL cluster) shared by the test classes that talk to it.</summary>
[CollectionDefinition(Name)]
public sealed class ApiServerCollection : ICollectionFixture<ApiServerFixture>
{
    public const string Name = "Api server";
}
