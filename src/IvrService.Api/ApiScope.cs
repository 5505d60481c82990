namespace IvrService.Api;

/// <summary>What an API key allows: <see cref="Admin"/> includes everything <see cref="Integrator"/> may do.</summary>
public enum ApiScope
{
    /// <summary>Service events, survey results, calls and reports.</summary>
    Integrator,

    /// <summary>Everything, the Admin service included.</summary>
    Admin,
}
