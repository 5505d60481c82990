using System.Globalization;
using System.Security.Cryptography;

namespace IvrService.Testing;

/// <summary>
/// The SIPp scenario files under Peers/Scenarios (copied next to the test assembly) and the
/// keys the harness passes unless a test sets them. SIPp refuses to load a scenario that uses
/// a key nobody gave (<c>Unsupported keyword</c>), hence the defaults.
/// </summary>
public static class SippScenarios
{
    /// <summary>Caller: INVITE (SDP 0 8 101), 200, ACK, pause_ms, BYE.</summary>
    public const string UacInviteBye = "uac-invite-bye.xml";

    /// <summary>Caller: INVITE, 180/183, CANCEL, 200, 487, ACK in the INVITE's transaction.</summary>
    public const string UacCancel = "uac-cancel.xml";

    /// <summary>Caller: OPTIONS, 200 that must have Allow.</summary>
    public const string UacOptions = "uac-options.xml";

    /// <summary>Caller: the same INVITE twice, one call, ACK, BYE.</summary>
    public const string UacInviteRetransmit = "uac-invite-retransmit.xml";

    /// <summary>Caller: INVITE, 401, ACK, INVITE with SIPp's MD5 [authentication], 200, ACK, BYE.</summary>
    public const string UacInviteAuth = "uac-invite-auth.xml";

    /// <summary>Caller: like <see cref="UacInviteAuth"/> with the Authorization value given as key.</summary>
    public const string UacInviteGivenAuthorization = "uac-invite-given-authorization.xml";

    /// <summary>Registering client: REGISTER, 401, REGISTER, 200, refresh_ms, REGISTER, 200.</summary>
    public const string UacRegister = "uac-register.xml";

    /// <summary>Caller: INVITE (SDP 0 101), 200, ACK, plays the Debian RFC 4733 captures of 1, 2, 3, # gap_ms apart, BYE.</summary>
    public const string UacRfc4733Digits = "uac-rfc4733-digits.xml";

    /// <summary>Caller: INVITE, 200, ACK, INFO application/dtmf-relay (relay_signal), INFO application/dtmf (dtmf_signal), BYE.</summary>
    public const string UacInfoDigits = "uac-info-digits.xml";

    /// <summary>Caller: INVITE, 200, ACK, re-INVITEs offering sendonly, inactive, sendrecv (each answer's direction checked), BYE.</summary>
    public const string UacHoldResume = "uac-hold-resume.xml";

    /// <summary>Caller: INVITE, 200, ACK, no RTP, waits up to 30 s for the callee's BYE and answers it 200.</summary>
    public const string UacSilentAwaitBye = "uac-silent-await-bye.xml";

    /// <summary>Callee: 100, 180, 200 with SDP, ACK, BYE, 200.</summary>
    public const string UasAnswer = "uas-answer.xml";

    /// <summary>Caller presses 0 (RFC 4733), takes the IVR's REFER with 202, NOTIFYs 200, takes its BYE.</summary>
    public const string UacMenuOperatorRefer = "uac-menu-operator-refer.xml";

    /// <summary>Callee that answers after answer_delay_ms (absorbs INVITE copies meanwhile).</summary>
    public const string UasAnswerAfterPause = "uas-answer-after-pause.xml";

    /// <summary>Callee: 100, 180, then CANCEL → 200, 487, ACK with the INVITE's branch.</summary>
    public const string UasRingNoAnswer = "uas-ring-no-answer.xml";

    /// <summary>Answers OPTIONS 200 with the methods under the header named allow_header.</summary>
    public const string UasOptions = "uas-options.xml";

    /// <summary>Callee demanding digest auth (MD5 or SHA-256), logs the Authorization it gets.</summary>
    public const string UasAuthChallenge = "uas-auth-challenge.xml";

    /// <summary>Registrar: 401, 200 with ;expires=expires, then a refresh before expiry.</summary>
    public const string UasRegistrar = "uas-registrar.xml";

    /// <summary>Realm the challenging scenarios use unless told otherwise.</summary>
    public const string DefaultRealm = "ivr.test";

    /// <summary>Directory holding the scenario files next to the running test assembly.</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Peers", "Scenarios");

    /// <summary>Full path of a scenario: a bare file name resolves under <see cref="Directory"/>.</summary>
    public static string PathOf(string scenarioFile)
    {
        var path = Path.IsPathRooted(scenarioFile) || scenarioFile.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? Path.GetFullPath(scenarioFile)
            : Path.Combine(Directory, scenarioFile);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"SIPp scenario '{scenarioFile}' not found (looked at {path}); is Peers/Scenarios copied to the output?", path);
    }

    /// <summary>The keys the harness passes to <paramref name="scenarioFile"/> unless a test sets them.</summary>
    public static IReadOnlyDictionary<string, string> DefaultKeys(string scenarioFile) =>
        Path.GetFileName(scenarioFile) switch
        {
            UacInviteBye or UacInviteRetransmit or UacHoldResume => new Dictionary<string, string> { ["pause_ms"] = "500" },
            UacRfc4733Digits => new Dictionary<string, string> { ["pause_ms"] = "500", ["gap_ms"] = "500" },
            UacMenuOperatorRefer => new Dictionary<string, string> { ["pause_ms"] = "2000" },
            UacInfoDigits => new Dictionary<string, string> { ["pause_ms"] = "500", ["relay_signal"] = "7", ["dtmf_signal"] = "8" },
            UasAnswerAfterPause => new Dictionary<string, string> { ["answer_delay_ms"] = "300" },
            UasOptions => new Dictionary<string, string> { ["allow_header"] = "Allow" },
            UacRegister => new Dictionary<string, string> { ["refresh_ms"] = "2000" },
            UasAuthChallenge => new Dictionary<string, string>
            {
                ["realm"] = DefaultRealm,
                ["nonce"] = NewNonce(),
                ["algorithm"] = "MD5",
                ["auth_user"] = "service",
                ["auth_password"] = "password",
            },
            UasRegistrar => new Dictionary<string, string>
            {
                ["realm"] = DefaultRealm,
                ["nonce"] = NewNonce(),
                ["expires"] = "4",
            },
            _ => new Dictionary<string, string>(),
        };

    /// <summary>Options a scenario needs to work as described in its header comment.</summary>
    internal static SippOptions ApplyRequirements(SippOptions options, IReadOnlyDictionary<string, string> keys)
    {
        var name = options.ScenarioFile is null ? null : Path.GetFileName(options.ScenarioFile);
        if (name is UacInviteRetransmit or UasAnswerAfterPause)
        {
            options = options with { IgnoreMessagesDuringPause = true };
        }

        if (name is UasRegistrar && options.RecvTimeout is null
            && keys.TryGetValue("expires", out var expires)
            && int.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            options = options with { RecvTimeout = TimeSpan.FromSeconds(seconds) };
        }

        return options;
    }

    private static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
