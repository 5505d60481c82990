using System.Text.RegularExpressions;

namespace IvrService.Testing.Tests;

/// <summary>Each scenario under Peers/Scenarios run against a SIPp counterpart.</summary>
public sealed partial class SippProcessTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    // UDP only: over TCP the built-in uas still lingers in its 4 s timewait when the uac exits
    // and closes the connection, which SIPp counts as a failed call (FailedTcpClosed).
    [Fact]
    public async Task BuiltInUac_CompletesOneCall_WhenBuiltInUasAnswers()
    {
        await using var pair = await SippPair.StartAsync(SippOptions.BuiltIn("uas"), SippOptions.BuiltIn("uac"));

        var (uas, uac) = await pair.WaitAsync();

        Assert.True(uac.Succeeded, uac.Describe());
        Assert.True(uas.Succeeded, uas.Describe());
        Assert.Equal(1, uac.SuccessfulCalls);
        Assert.Equal(1, uas.SuccessfulCalls);
    }

    [Theory]
    [InlineData(SippTransport.Udp)]
    [InlineData(SippTransport.Tcp)]
    public async Task UacInviteBye_CompletesOneCallWithAckAndBye_WhenUasAnswerAnswers(SippTransport transport)
    {
        await using var pair = await SippPair.StartAsync(
            SippOptions.ForScenario(SippScenarios.UasAnswer) with { Transport = transport },
            SippOptions.ForScenario(SippScenarios.UacInviteBye).WithKey("pause_ms", "200") with { Transport = transport });

        var (uas, uac) = await pair.WaitAsync();

        Assert.True(uac.Succeeded, uac.Describe());
        Assert.True(uas.Succeeded, uas.Describe());
        var trace = Trace(pair.Uas);
        Assert.Contains("m=audio " + pair.Uac.MediaPort + " RTP/AVP 0 8 101", trace, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:101 telephone-event/8000", trace, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^ACK sip:", trace);
        Assert.Matches(@"(?m)^BYE sip:", trace);
    }

    [Fact]
    public async Task UacCancel_AcksThe487InTheInviteTransaction_WhenCalleeRingsWithoutAnswer()
    {
        await using var pair = await SippPair.StartAsync(
            SippOptions.ForScenario(SippScenarios.UasRingNoAnswer),
            SippOptions.ForScenario(SippScenarios.UacCancel));

        var (uas, uac) = await pair.WaitAsync();

        Assert.True(uac.Succeeded, uac.Describe());
        Assert.True(uas.Succeeded, uas.Describe());
        var trace = Trace(pair.Uas);
        var branches = BranchOf().Matches(trace).Select(m => (Method: m.Groups[1].Value, Branch: m.Groups[2].Value)).ToList();
        var invite = Assert.Single(branches, b => b.Method == "INVITE");
        Assert.Equal(invite.Branch, Assert.Single(branches, b => b.Method == "CANCEL").Branch);
        Assert.Equal(invite.Branch, Assert.Single(branches, b => b.Method == "ACK").Branch);
        Assert.Contains("SIP/2.0 487 Request Terminated", trace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UacOptions_Succeeds_WhenTheAnswerHasAllow()
    {
        await using var pair = await SippPair.StartAsync(
            SippOptions.ForScenario(SippScenarios.UasOptions),
            SippOptions.ForScenario(SippScenarios.UacOptions));

        var (uas, uac) = await pair.WaitAsync();

        Assert.True(uac.Succeeded, uac.Describe());
        Assert.True(uas.Succeeded, uas.Describe());
        Assert.Contains(pair.Uac.ReadLogLines(), l => l.StartsWith("allow=", StringComparison.Ordinal) && l.Contains("INVITE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UacOptions_FailsOnMissingHeader_WhenTheAnswerHasNoAllow()
    {
        await using var pair = await SippPair.StartAsync(
            SippOptions.ForScenario(SippScenarios.UasOptions).WithKey("allow_header", "X-Methods"),
            SippOptions.ForScenario(SippScenarios.UacOptions));

        var (_, uac) = await pair.WaitAsync();

        Assert.Equal(SippExitKind.CallsFailed, uac.ExitKind);
        Assert.Equal(1, uac.FailedCalls);
        Assert.Equal(1, uac.Counter("FailedRegexpHdrNotFound(C)"));
    }

    [Fact]
    public async Task UacInviteRetransmit_SendsTheSameInviteTwiceAndMakesOneCall_WhenCalleeAnswersLate()
    {
        await using var pair = await SippPair.StartAsync(
            SippOptions.ForScenario(SippScenarios.UasAnswerAfterPause),
            SippOptions.ForScenario(SippScenarios.UacInviteRetransmit).WithKey("pause_ms", "200"));

        var (uas, uac) = await pair.WaitAsync();

        Assert.True(uac.Succeeded, uac.Describe());
        Assert.True(uas.Succeeded, uas.Describe());
        Assert.Equal(1, uas.CallsCreated);
        var invites = InviteText().Matches(Trace(pair.Uas)).Select(m => m.Value).ToList();
        Assert.Equal(2, invites.Count);
        Assert.Equal(invites[0], invites[1]);
    }

    [Fact]
    public async Task UasAuthChallenge_AcceptsTheCall_WhenSippAnswersMd5WithTheRightPassword()
    {
        await using var pair = await SippPair.StartAsync(
            SippOptions.ForScenario(SippScenarios.UasAuthChallenge).WithKey("auth_user", "alice").WithKey("auth_password", "s3cret"),
            SippOptions.ForScenario(SippScenarios.UacInviteAuth) with { AuthUser = "alice", AuthPassword = "s3cret" });

        var (uas, uac) = await pair.WaitAsync();

        Assert.True(uac.Succeeded, uac.Describe());
        Assert.True(uas.Succeeded, uas.Describe());
        var authorization = AuthorizationLogged(pair.Uas);
        Assert.True(DigestAuth.Verify(authorization, "INVITE", "s3cret"), authorization);
    }

    [Fact]
    public async Task UasAuthChallenge_EndsWithFatalError_WhenTheMd5PasswordIsWrong()
    {
        await using var pair = await SippPair.StartAsync(
            SippOptions.ForScenario(SippScenarios.UasAuthChallenge).WithKey("auth_user", "alice").WithKey("auth_password", "s3cret"),
            SippOptions.ForScenario(SippScenarios.UacInviteAuth) with { AuthUser = "alice", AuthPassword = "wrong" });

        using var timeout = new CancellationTokenSource(RunTimeout);
        var uas = await pair.Uas.WaitForExitAsync(timeout.Token);

        Assert.Equal(SippExitKind.FatalError, uas.ExitKind);
        Assert.Contains("does not verify", uas.ErrorTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UasAuthChallenge_LogsAnAuthorizationThatRecomputes_WhenAlgorithmIsSha256()
    {
        const string nonce = "b5f4c3d2e1";
        var uasOptions = SippOptions.ForScenario(SippScenarios.UasAuthChallenge)
            .WithKey("algorithm", "SHA-256").WithKey("nonce", nonce).WithKey("auth_user", "alice").WithKey("auth_password", "s3cret");
        await using var pair = await SippPair.StartAsync(uasOptions, uas =>
        {
            var uri = $"sip:service@{uas.LocalEndPoint}";
            var authorization = DigestAuth.BuildAuthorization("SHA-256", "alice", SippScenarios.DefaultRealm, "s3cret", "INVITE", uri, nonce);
            return SippOptions.ForScenario(SippScenarios.UacInviteGivenAuthorization).WithKey("authorization", authorization);
        });

        var (uas, uac) = await pair.WaitAsync();

        Assert.True(uac.Succeeded, uac.Describe());
        Assert.True(uas.Succeeded, uas.Describe());
        var logged = AuthorizationLogged(pair.Uas);
        var parameters = DigestAuth.ParseParameters(logged);
        Assert.Equal("SHA-256", parameters["algorithm"]);
        Assert.Equal(nonce, parameters["nonce"]);
        Assert.True(DigestAuth.Verify(logged, "INVITE", "s3cret"), logged);
        Assert.False(DigestAuth.Verify(logged, "INVITE", "wrong"), logged);
    }

    [Fact]
    public async Task UasRegistrar_Succeeds_WhenTheClientRefreshesBeforeExpiry()
    {
        await using var pair = await SippPair.StartAsync(
            SippOptions.ForScenario(SippScenarios.UasRegistrar).WithKey("expires", "3"),
            SippOptions.ForScenario(SippScenarios.UacRegister).WithKey("refresh_ms", "1500") with { AuthUser = "alice", AuthPassword = "s3cret" });

        var (uas, uac) = await pair.WaitAsync();

        Assert.True(uac.Succeeded, uac.Describe());
        Assert.True(uas.Succeeded, uas.Describe());
        var lines = pair.Uas.ReadLogLines();
        Assert.Contains(lines, l => l.StartsWith("register authorization=", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("refresh authorization=", StringComparison.Ordinal));
        Assert.Matches(@"(?m)^Contact: <sip:[^>]+>;expires=3", Trace(pair.Uac));
    }

    [Fact]
    public async Task UasRegistrar_FailsOnReceiveTimeout_WhenTheRefreshComesAfterExpiry()
    {
        await using var pair = await SippPair.StartAsync(
            SippOptions.ForScenario(SippScenarios.UasRegistrar).WithKey("expires", "1"),
            SippOptions.ForScenario(SippScenarios.UacRegister).WithKey("refresh_ms", "3000") with { AuthUser = "alice", AuthPassword = "s3cret" });

        using var timeout = new CancellationTokenSource(RunTimeout);
        var uas = await pair.Uas.WaitForExitAsync(timeout.Token);

        Assert.Equal(SippExitKind.CallsFailed, uas.ExitKind);
        Assert.Equal(1, uas.Counter("FailedTimeoutOnRecv(C)"));
    }

    [Fact]
    public async Task WaitForExitAsync_ReportsBindError_WhenTheLocalPortIsTaken()
    {
        await using var first = SippProcess.Start(SippOptions.BuiltIn("uas"));
        using var timeout = new CancellationTokenSource(RunTimeout);
        await first.WaitUntilListeningAsync(timeout.Token);

        await using var second = SippProcess.Start(SippOptions.BuiltIn("uas") with { LocalPort = first.LocalPort });
        var result = await second.WaitForExitAsync(timeout.Token);

        Assert.Equal(SippExitKind.BindError, result.ExitKind);
    }

    [Fact]
    public async Task DisposeAsync_KillsSipp_WhenItIsStillWaitingForCalls()
    {
        var sipp = SippProcess.Start(SippOptions.BuiltIn("uas"));
        using var timeout = new CancellationTokenSource(RunTimeout);
        await sipp.WaitUntilListeningAsync(timeout.Token);
        var pid = sipp.ProcessId;
        var port = sipp.LocalPort;

        await sipp.DisposeAsync();

        Assert.False(Directory.Exists($"/proc/{pid}"), $"sipp {pid} still running");
        Assert.True(FreePorts.IsUdpFree(port));
        Assert.False(Directory.Exists(sipp.WorkingDirectory));
    }

    [Fact]
    public async Task WaitForExitAsync_KillsSippAndThrows_WhenCancelled()
    {
        await using var sipp = SippProcess.Start(SippOptions.BuiltIn("uas"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sipp.WaitForExitAsync(timeout.Token));

        using var exitTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!sipp.HasExited)
        {
            await Task.Delay(20, exitTimeout.Token);
        }
    }

    [Fact]
    public void Start_ThrowsFileNotFound_WhenTheScenarioDoesNotExist()
    {
        Assert.Throws<FileNotFoundException>(() => SippProcess.Start(SippOptions.ForScenario("no-such-scenario.xml")));
    }

    private static string Trace(SippProcess sipp) => sipp.ReadMessageTrace().Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string AuthorizationLogged(SippProcess uas)
    {
        var line = Assert.Single(uas.ReadLogLines(), l => l.StartsWith("authorization=", StringComparison.Ordinal));
        return line["authorization=".Length..].Trim();
    }

    [GeneratedRegex(@"(?m)^(INVITE|CANCEL|ACK) sip:[^\n]*\n(?:[^\n]+\n)*?Via: [^\n]*branch=([^;\s]+)")]
    private static partial Regex BranchOf();

    [GeneratedRegex(@"(?ms)^INVITE sip:.*?\n\n.*?a=sendrecv")]
    private static partial Regex InviteText();

    /// <summary>A SIPp callee and a SIPp caller aimed at it, both disposed together.</summary>
    private sealed class SippPair : IAsyncDisposable
    {
        private SippPair(SippProcess uas, SippProcess uac)
        {
            Uas = uas;
            Uac = uac;
        }

        public SippProcess Uas { get; }

        public SippProcess Uac { get; }

        public static Task<SippPair> StartAsync(SippOptions uas, SippOptions uac) => StartAsync(uas, _ => uac);

        public static async Task<SippPair> StartAsync(SippOptions uasOptions, Func<SippProcess, SippOptions> uacOptions)
        {
            var uas = SippProcess.Start(uasOptions);
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await uas.WaitUntilListeningAsync(timeout.Token);
                var uac = SippProcess.Start(uacOptions(uas).Calling(uas.LocalIp, uas.LocalPort));
                return new SippPair(uas, uac);
            }
            catch
            {
                await uas.DisposeAsync();
                throw;
            }
        }

        public async Task<(SippResult Uas, SippResult Uac)> WaitAsync()
        {
            using var timeout = new CancellationTokenSource(RunTimeout);
            var uac = await Uac.WaitForExitAsync(timeout.Token);
            var uas = await Uas.WaitForExitAsync(timeout.Token);
            return (uas, uac);
        }

        public async ValueTask DisposeAsync()
        {
            await Uac.DisposeAsync();
            await Uas.DisposeAsync();
        }
    }
}
