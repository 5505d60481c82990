namespace IvrService.Flows.Speaking.Internal;

internal static class SpokenLanguages
{
    /// <summary>Accepts "fa", "en" and tagged forms such as "fa-IR" or "en-US", in any case.</summary>
    public static SpokenLanguage Parse(string language)
    {
        ArgumentNullException.ThrowIfNull(language);
        var dash = language.IndexOf('-', StringComparison.Ordinal);
        var primary = dash < 0 ? language : language[..dash];
        if (primary.Equals("fa", StringComparison.OrdinalIgnoreCase))
        {
            return SpokenLanguage.Persian;
        }

        if (primary.Equals("en", StringComparison.OrdinalIgnoreCase))
        {
            return SpokenLanguage.English;
        }

        throw new ArgumentException($"language '{language}' has no spoken forms for numbers, dates and amounts; use fa or en", nameof(language));
    }
}
