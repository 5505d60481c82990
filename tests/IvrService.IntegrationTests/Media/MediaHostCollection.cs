namespace IvrService.IntegrationTests.Media;

/// <summary>
/// One product instance shared by the media test classes that need no special settings; xunit runs the
/// classes of a collection one after the other, so the calls' audio is not squeezed by each other on a
/// small machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MediaHostCollection : ICollectionFixture<IvrHostFixture>
{
    public const string Name = "Media host";
}
