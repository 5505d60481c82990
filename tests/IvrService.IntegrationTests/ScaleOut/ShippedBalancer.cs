using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace IvrService.IntegrationTests.ScaleOut;

/// <summary>
/// The Kamailio configuration and dispatcher list shipped in <c>deploy/scale-out/</c> (copied next to the tests),
/// rendered for a test: the site values at the top of the configuration (<c>#!substdef</c> lines) and the instance
/// addresses of the list are replaced, nothing else, so the shipped routing logic is what runs.
/// </summary>
internal static partial class ShippedBalancer
{
    public static string ConfigPath => Path.Combine(AppContext.BaseDirectory, "ScaleOut", "Shipped", "kamailio.cfg");

    public static string DispatcherListPath => Path.Combine(AppContext.BaseDirectory, "ScaleOut", "Shipped", "ivrservice-dispatcher.list");

    /// <summary>The example settings of the instances (<c>appsettings.instance-a.json</c>, <c>-b</c>), in the order of the list.</summary>
    public static IReadOnlyList<string> InstanceSettingsPaths { get; } =
        [.. new[] { "a", "b" }.Select(name => Path.Combine(AppContext.BaseDirectory, "ScaleOut", "Shipped", $"appsettings.instance-{name}.json"))];

    /// <summary>
    /// The settings of an instance's example file as configuration keys, for a test instance on loopback: the database,
    /// the SIP listener, media ports and Kestrel stay the test's; the balancer's address (the list's first entry of
    /// <c>Sip:Security:AllowedSources</c>) becomes <paramref name="balancer"/>, the trunk's host loopback.
    /// </summary>
    public static Dictionary<string, string?> LoadInstanceSettings(string path, IPAddress balancer)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(path, optional: false).Build();
        var shippedBalancer = configuration["Sip:Security:AllowedSources:0"]
            ?? throw new InvalidDataException($"{path}: Sip:Security:AllowedSources:0 (the balancer's address) is missing");
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (value is null || key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase) ||
                key.StartsWith("Kestrel:", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Media:", StringComparison.OrdinalIgnoreCase) ||
                key is "Sip:ListenAddress" or "Sip:Port")
            {
                continue;
            }

            settings[key] = value == shippedBalancer ? $"{balancer}/32" : value;
        }

        foreach (var key in settings.Keys.Where(k => k.StartsWith("Sip:Trunks:", StringComparison.OrdinalIgnoreCase) && k.EndsWith(":Host", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            settings[key] = IPAddress.Loopback.ToString();
        }

        return settings;
    }

    /// <summary>The shipped configuration with its listen address and port, list file and control socket replaced.</summary>
    public static string RenderConfig(IPEndPoint listen, string dispatcherList, string controlSocket)
    {
        var text = File.ReadAllText(ConfigPath);
        text = Substitute(text, "IVR_LB_ADDRESS", listen.Address.ToString());
        text = Substitute(text, "IVR_LB_PORT", listen.Port.ToString(CultureInfo.InvariantCulture));
        text = Substitute(text, "IVR_DISPATCHER_LIST", dispatcherList);
        return Substitute(text, "IVR_CONTROL_SOCKET", controlSocket);
    }

    /// <summary>The shipped dispatcher list with the address of each instance line replaced, in order.</summary>
    public static string RenderDispatcherList(IReadOnlyList<IPEndPoint> instances)
    {
        var lines = File.ReadAllLines(DispatcherListPath);
        var replaced = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (replaced == instances.Count || !SipAddress().IsMatch(lines[i]))
            {
                throw new InvalidDataException($"{DispatcherListPath}:{i + 1}: expected one of {instances.Count} instance lines with a sip: address, found \"{lines[i]}\"");
            }

            var instance = instances[replaced++];
            lines[i] = SipAddress().Replace(lines[i], $"sip:{instance.Address}:{instance.Port.ToString(CultureInfo.InvariantCulture)}", 1);
        }

        if (replaced != instances.Count)
        {
            throw new InvalidDataException($"{DispatcherListPath}: {replaced} instance lines, the test runs {instances.Count} instances");
        }

        return string.Join('\n', lines) + "\n";
    }

    private static string Substitute(string text, string name, string value)
    {
        var directive = new Regex("^#!substdef \"!" + name + "![^!\\n]*!g\"$", RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (directive.Count(text) != 1)
        {
            throw new InvalidDataException($"{ConfigPath}: expected one line #!substdef \"!{name}!<value>!g\"");
        }

        return directive.Replace(text, $"#!substdef \"!{name}!{value}!g\"");
    }

    [GeneratedRegex(@"sip:[^\s;]+", RegexOptions.CultureInvariant)]
    private static partial Regex SipAddress();
}
