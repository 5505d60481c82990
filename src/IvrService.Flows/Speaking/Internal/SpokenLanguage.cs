namespace IvrService.Flows.Speaking.Internal;

/// <summary>The languages with spoken forms.</summary>
internal enum SpokenLanguage
{
    Persian,
    English,
}
