using IvrService.Sip;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IvrService.Host.Internal;

/// <summary>
/// Healthy while the SIP user agent listens and takes calls; unhealthy before it started and from the moment the
/// host begins to stop (new calls get 503 then), so a load balancer that reads <c>/healthz</c> turns away.
/// </summary>
internal sealed class SipListenerHealthCheck : IHealthCheck
{
    private readonly SipHostedService _sip;

    public SipListenerHealthCheck(SipHostedService sip)
    {
        _sip = sip;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_sip.CurrentAgent is not { } agent)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the SIP listener is not running"));
        }

        var listening = Describe(agent);
        var data = new Dictionary<string, object>
        {
            ["listening"] = listening,
            ["active_calls"] = _sip.ActiveCalls,
            ["accepting_calls"] = agent.IsAcceptingCalls,
        };
        return Task.FromResult(agent.IsAcceptingCalls
            ? HealthCheckResult.Healthy("listening on " + listening, data)
            : HealthCheckResult.Unhealthy("stopping: new calls are refused", data: data));
    }

    private static string Describe(SipUserAgent agent)
    {
        var parts = new List<string>(2);
        if (agent.UdpEndPoint is { } udp)
        {
            parts.Add("udp " + udp);
        }

        if (agent.TcpEndPoint is { } tcp)
        {
            parts.Add("tcp " + tcp);
        }

        return string.Join(", ", parts);
    }
}
