using System.Text.Json;

namespace IvrService.Cli.Internal;

/// <summary>Reads the transfer allow-list, <c>Flows:TransferDestinations</c> (name → SIP URI), from an appsettings file.</summary>
internal static class SettingsFile
{
    public const string DefaultPath = "appsettings.json";

    /// <summary>
    /// The settings a menu under <paramref name="promptsRoot"/> runs with when <c>--settings</c> is not given:
    /// <c>appsettings.json</c> in the current directory, else beside the prompts folder (an installed service's
    /// folder), else the service's own in a source tree (<c>src/IvrService.Host/appsettings.json</c>); null when none is there.
    /// </summary>
    public static string? Find(string promptsRoot)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(promptsRoot)) ?? ".";
        string[] candidates = [DefaultPath, Path.Combine(parent, DefaultPath), Path.Combine(parent, "src", "IvrService.Host", DefaultPath)];
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>The allow-list of <paramref name="path"/>; empty when <paramref name="path"/> is null.</summary>
    /// <exception cref="UsageException">The file is missing or not of that shape.</exception>
    public static IReadOnlyDictionary<string, string> ReadTransferDestinations(string? path)
    {
        var destinations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (path is null)
        {
            return destinations;
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: no such settings file");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException error)
        {
            throw new UsageException($"{path}:{error.LineNumber + 1}:{error.BytePositionInLine + 1}: not valid JSON: {error.Message}", error);
        }

        using (document)
        {
            if (Property(document.RootElement, "Flows") is not { } flows || Property(flows, "TransferDestinations") is not { } list)
            {
                return destinations;
            }

            if (list.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException($"{path}: Flows:TransferDestinations must be an object of name: SIP URI");
            }

            foreach (var entry in list.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(entry.Value.GetString()))
                {
                    throw new UsageException($"{path}: Flows:TransferDestinations:{entry.Name} must be a SIP URI string");
                }

                destinations[entry.Name] = entry.Value.GetString()!;
            }
        }

        return destinations;
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
