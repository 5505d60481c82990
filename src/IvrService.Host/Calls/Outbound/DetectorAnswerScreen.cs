using IvrService.Media.Detection;

namespace IvrService.Host.Calls.Outbound;

/// <summary>
/// The answer screen on the energy/cadence <see cref="AnsweringMachineDetector"/>. Only a machine verdict keeps the
/// survey off the call; silence (a person who answers and waits) goes on to the survey, whose start gate is the
/// reliable check.
/// </summary>
internal sealed class DetectorAnswerScreen(AnsweringMachineDetectionOptions options) : IAnswerScreen
{
    public DetectorAnswerScreen()
        : this(AnsweringMachineDetectionOptions.Default)
    {
    }

    public TimeSpan MaxListen => options.TotalAnalysisTime;

    public IAnswerScreening Begin() => new Screening(new AnsweringMachineDetector(options));

    private sealed class Screening(AnsweringMachineDetector detector) : IAnswerScreening
    {
        private readonly Lock _gate = new();

        public AnswerVerdict? OnFrame(ReadOnlySpan<short> frame, bool received)
        {
            lock (_gate)
            {
                detector.Process(frame);
                return detector.IsDecided ? Verdict() : null;
            }
        }

        public AnswerVerdict Conclude()
        {
            lock (_gate)
            {
                detector.Finish();
                return Verdict();
            }
        }

        private AnswerVerdict Verdict() => new(
            detector.Verdict == AnsweringMachineVerdict.Machine,
            $"{detector.Verdict.ToString().ToLowerInvariant()} after {detector.Elapsed.TotalSeconds:0.00} s: {detector.Reason}");
    }
}
