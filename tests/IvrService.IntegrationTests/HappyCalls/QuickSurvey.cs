using IvrService.Testing;

namespace IvrService.IntegrationTests.HappyCalls;

/// <summary>
/// The one-question survey of <c>HappyCalls/Surveys/quick-check.yaml</c> and a SIPp customer who answers it: picks up,
/// presses 1 (yes) while the question is said, and waits for the product's BYE after the closing — about 6 s a call.
/// </summary>
internal static class QuickSurvey
{
    public const string Id = "quick-check";

    /// <summary>The folder the product seeds its surveys from (<c>HappyCalls:SurveysDirectory</c>, absolute).</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "HappyCalls", "Surveys");

    /// <summary>The settings that make this survey the one every happy call runs.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("HappyCalls:SurveysDirectory", Directory),
        new("HappyCalls:SurveyId", Id),
    ];

    /// <summary>
    /// A customer who answers at once and says yes. The key comes 4.5 s after the answer: during the question, which
    /// starts 0.7 s after the survey (the one-word intro) and is said for 4.6 s (a key cuts it and answers it). A key
    /// during the intro would be taken by the intro, so this leaves the start of the survey up to 3.8 s of delay on
    /// a loaded machine (2.5 s left it 1.8 s, and a campaign under a CI run and builds went over it once).
    /// </summary>
    public static SippCalleeScenario WriteCallee() =>
        new SippCalleeScript()
            .Answer()
            .Wait(TimeSpan.FromSeconds(4.5)).Press("1")
            .ExpectBye(TimeSpan.FromSeconds(30))
            .Write();
}
