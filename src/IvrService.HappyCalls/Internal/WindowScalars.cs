using Microsoft.Extensions.Configuration;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// Takes window days written as one string (<c>HappyCalls__Window__Friday=09:00-12:00</c> from an environment
/// variable, or <c>"Friday": "closed"</c> in JSON), which the binder skips because a day is a list. An empty string
/// closes the day, like an empty list.
/// </summary>
internal static class WindowScalars
{
    public static void Apply(IConfiguration configuration, HappyCallOptions options)
    {
        var section = configuration.GetSection(HappyCallOptions.SectionName);
        AddScalarDays(section.GetSection(nameof(HappyCallOptions.Window)), options.Window);
        foreach (var type in section.GetSection(nameof(HappyCallOptions.ServiceTypes)).GetChildren())
        {
            var window = type.GetSection(nameof(HappyCallServiceTypeOptions.Window));
            if (!window.Exists())
            {
                continue;
            }

            if (!options.ServiceTypes.TryGetValue(type.Key, out var overrides) || overrides is null)
            {
                overrides = new HappyCallServiceTypeOptions();
                options.ServiceTypes[type.Key] = overrides;
            }

            AddScalarDays(window, overrides.Window);
        }
    }

    private static void AddScalarDays(IConfigurationSection window, Dictionary<string, List<string>> days)
    {
        foreach (var day in window.GetChildren())
        {
            if (day.Value is { } text && !day.GetChildren().Any())
            {
                days[day.Key] = string.IsNullOrWhiteSpace(text) ? [] : [text];
            }
        }
    }
}
