using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

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
