using IvrService.Host.Calls;
using IvrService.Sip;
using IvrService.Sip.Security;
using IvrService.Storage;
using Microsoft.Extensions.Options;

namespace IvrService.Host.Internal;

/// <summary>
/// Runs the SIP user agent for the life of the host: edge protection, inbound call handling, and a graceful
/// stop. The stop comes in the host's order: when stopping begins (before any service stops, Kestrel included)
/// new INVITEs get 503 and <c>/healthz</c> turns unhealthy; then, in this service's turn, calls in progress get
/// <c>Calls:ShutdownGraceSeconds</c> to finish and the rest are ended with BYE and recorded; the database stops
/// after that, its hosted service having started first.
/// </summary>
internal sealed class SipHostedService : IHostedLifecycleService, IAsyncDisposable
{
    private readonly SipOptions _sipOptions;
    private readonly SipSecurityOptions _securityOptions;
    private readonly CallOptions _callOptions;
    private readonly InboundCallHandler _calls;
    private readonly ICallRecordStore _records;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<SipHostedService> _logger;
    private SipUserAgent? _agent;
    private SipEdgeProtection? _edge;
    private Lazy<Task>? _drain;
    private readonly List<SipRegistration> _registrations = [];

    public SipHostedService(
        IOptions<SipOptions> sipOptions,
        IOptions<SipSecurityOptions> securityOptions,
        IOptions<CallOptions> callOptions,
        InboundCallHandler calls,
        ICallRecordStore records,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        _sipOptions = sipOptions.Value;
        _securityOptions = securityOptions.Value;
        _callOptions = callOptions.Value;
        _calls = calls;
        _records = records;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SipHostedService>();
    }

    public SipUserAgent Agent => _agent ?? throw new InvalidOperationException("SIP is not started");

    /// <summary>The running user agent, or null before start and after stop.</summary>
    public SipUserAgent? CurrentAgent => Volatile.Read(ref _agent);

    public int ActiveCalls => _calls.ActiveCalls;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The first step of a stop, before any hosted service stops (Kestrel keeps serving <c>/healthz</c> and
    /// <c>/metrics</c> meanwhile): no new calls from here on, calls in progress get the grace to finish, the rest
    /// are ended with BYE and their records written while the database is still up.
    /// </summary>
    public Task StoppingAsync(CancellationToken cancellationToken) => DrainOnceAsync(cancellationToken);

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var interrupted = await _records.MarkInterruptedCallsAsync(_calls.InstanceId, cancellationToken).ConfigureAwait(false);
        if (interrupted > 0)
        {
            HostLog.InterruptedCallsClosed(_logger, interrupted);
        }

        var agent = new SipUserAgent(_sipOptions, _time, _loggerFactory);
        ConfigureEdge(agent);
        _calls.Attach(agent);
        agent.Start();
        _agent = agent;
        foreach (var trunk in _sipOptions.Trunks.Where(t => t.Register))
        {
            var registration = new SipRegistration(agent, trunk);
            registration.Registered += r => HostLog.TrunkRegistered(_logger, trunk.Name, r.ExpiresAt);
            registration.Start();
            _registrations.Add(registration);
        }
    }

    /// <summary>Drains (when the host did not call <see cref="StoppingAsync"/>), then unregisters and closes the agent.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await DrainOnceAsync(cancellationToken).ConfigureAwait(false);
        await DisposeAsync().ConfigureAwait(false);
    }

    private Task DrainOnceAsync(CancellationToken cancellationToken)
    {
        if (_agent is not { } agent)
        {
            return Task.CompletedTask;
        }

        var drain = new Lazy<Task>(() => DrainAsync(agent, cancellationToken));
        return (Interlocked.CompareExchange(ref _drain, drain, null) ?? drain).Value;
    }

    private async Task DrainAsync(SipUserAgent agent, CancellationToken cancellationToken)
    {
        agent.StopAcceptingCalls();
        HostLog.Draining(_logger, _calls.ActiveCalls, _callOptions.ShutdownGraceSeconds);
        var deadline = _time.GetUtcNow() + TimeSpan.FromSeconds(_callOptions.ShutdownGraceSeconds);
        while (_calls.ActiveCalls > 0 && _time.GetUtcNow() < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), _time, CancellationToken.None).ConfigureAwait(false);
        }

        var endedByUs = _calls.ActiveCalls;
        using var byeTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        byeTimeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await _calls.EndAllAsync(agent, CallEndReason.Shutdown, byeTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Peers that do not answer our BYE in time do not hold up the shutdown.
        }

        // Give the call tasks a moment to write their end records.
        var recordDeadline = _time.GetUtcNow() + TimeSpan.FromSeconds(5);
        while (_calls.ActiveCalls > 0 && _time.GetUtcNow() < recordDeadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, CancellationToken.None).ConfigureAwait(false);
        }

        HostLog.Drained(_logger, endedByUs, _calls.ActiveCalls);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var registration in _registrations)
        {
            // Unregisters (Expires: 0) while the agent can still send.
            await registration.DisposeAsync().ConfigureAwait(false);
        }

        _registrations.Clear();
        _edge?.Dispose();
        if (Interlocked.Exchange(ref _agent, null) is { } agent)
        {
            await agent.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void ConfigureEdge(SipUserAgent agent)
    {
        _edge = new SipEdgeProtection(_securityOptions, _sipOptions.Trunks.SelectMany(t => t.SourceNetworks), _time);
        _edge.Attach(agent);
    }
}
