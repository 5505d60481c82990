namespace IvrService.Sip;

/// <summary>One SIP trunk (<c>Sip:Trunks:N</c>) that outbound calls go through.</summary>
public sealed class SipTrunkOptions
{
    public string Name { get; set; } = "";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 5060;

    /// <summary>udp or tcp.</summary>
    public string Transport { get; set; } = "udp";

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Authentication user name when it differs from <see cref="Username"/>.</summary>
    public string? AuthUsername { get; set; }

    /// <summary>Domain for From and the REGISTER Request-URI; defaults to <see cref="Host"/>.</summary>
    public string? Domain { get; set; }

    public bool Register { get; set; }

    public int RegisterExpirySeconds { get; set; } = 3600;

    /// <summary>Caller number presented on outbound calls.</summary>
    public string? CallerId { get; set; }

    /// <summary>
    /// How the dialled number is written in the Request-URI: <c>e164</c> (+989121234567, the default),
    /// <c>national</c> (09121234567; other countries with the 00 prefix) or <c>digits</c> (989121234567).
    /// </summary>
    public string NumberFormat { get; set; } = "e164";

    /// <summary>The trunk's country calling code, for the national format (98: Iran).</summary>
    public string CountryCode { get; set; } = "98";

    /// <summary>Concurrent calls the trunk carries.</summary>
    public int Channels { get; set; } = 10;

    /// <summary>Source networks this trunk's traffic comes from (CIDR); added to the allowed sources.</summary>
    public List<string> SourceNetworks { get; set; } = [];

    public IEnumerable<string> Validate(string key)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return $"{key}:Name: a trunk needs a name";
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            yield return $"{key}:Host: a trunk needs a host";
        }

        if (Port is < 1 or > 65535)
        {
            yield return $"{key}:Port: {Port} is not a port number";
        }

        if (Transport is not ("udp" or "tcp"))
        {
            yield return $"{key}:Transport: '{Transport}' is not udp or tcp";
        }

        if (Register && (string.IsNullOrEmpty(Username) || Password is null))
        {
            yield return $"{key}:Username and {key}:Password: registration needs credentials";
        }

        if (RegisterExpirySeconds < 60)
        {
            yield return $"{key}:RegisterExpirySeconds: {RegisterExpirySeconds} is below 60";
        }

        if (NumberFormat is not ("e164" or "national" or "digits"))
        {
            yield return $"{key}:NumberFormat: '{NumberFormat}' is not e164, national or digits";
        }

        if (CountryCode.Length is < 1 or > 3 || !CountryCode.All(char.IsAsciiDigit) || CountryCode[0] == '0')
        {
            yield return $"{key}:CountryCode: '{CountryCode}' is not a country calling code (1 to 3 digits, no leading 0)";
        }

        if (Channels < 1)
        {
            yield return $"{key}:Channels: {Channels} must be at least 1";
        }
    }
}
