using IvrService.Storage;
using IvrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IvrService.Api.Tests;

/// <summary>One attempt of a seeded happy call: claimed at <paramref name="ClaimedAt"/>, ended a minute later with <paramref name="Outcome"/> (null: still open).</summary>
internal sealed record SeededAttempt(DateTimeOffset ClaimedAt, string? Outcome)
{
    public DateTimeOffset? EndedAt => Outcome is null ? null : ClaimedAt.AddMinutes(1);
}

/// <summary>One stored answer of a seeded happy call.</summary>
internal sealed record SeededAnswer(string QuestionId, string Kind, int Value);

/// <summary>A happy call to seed, as the test knows it; the test counts its expected figures from this description.</summary>
internal sealed record SeededHappyCall(
    string TechnicianId,
    string TechnicianName,
    string ServiceType,
    string SurveyId,
    string State,
    string Outcome,
    bool Escalated,
    IReadOnlyList<SeededAttempt> Attempts,
    IReadOnlyList<SeededAnswer> Answers,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Where the call stands for the outbound report: its outcome once final, else its state.</summary>
    public string Result => Outcome == "none" ? State : Outcome;

    /// <summary>When it became final: the end of its last attempt, else its last update.</summary>
    public DateTimeOffset FinalAt => Attempts.Where(a => a.EndedAt is not null).Select(a => a.EndedAt!.Value).DefaultIfEmpty(UpdatedAt).Max();
}

/// <summary>Writes seeded happy calls, their attempts and answers straight into the tables with SQL.</summary>
internal static class HappyCallSeeds
{
    private static readonly string[] s_unreached = ["busy", "no_answer", "failed", "answering_machine"];

    /// <summary>
    /// <paramref name="count"/> happy calls of every kind with attempts at random instants of [from, to) (some ending
    /// just past it), spread over the given technicians, service types and surveys; repeatable by <paramref name="seed"/>.
    /// </summary>
    public static List<SeededHappyCall> Random(
        int seed, int count, DateTimeOffset from, DateTimeOffset to,
        IReadOnlyList<(string Id, string Name)> technicians, IReadOnlyList<string> serviceTypes, IReadOnlyList<string> surveys)
    {
        var random = new Random(seed);
        var calls = new List<SeededHappyCall>(count);
        var seconds = (long)(to - from).TotalSeconds;
        for (var i = 0; i < count; i++)
        {
            var (technicianId, technicianName) = technicians[random.Next(technicians.Count)];
            var first = from.AddSeconds(random.NextInt64(seconds));
            var attempts = new List<SeededAttempt>();
            var failures = random.Next(3);
            for (var a = 0; a < failures; a++)
            {
                attempts.Add(new SeededAttempt(first.AddHours(a * 7), s_unreached[random.Next(s_unreached.Length)]));
            }

            var last = first.AddHours(failures * 7);
            var answers = new List<SeededAnswer>();
            string state, outcome, lastOutcome;
            switch (random.Next(9))
            {
                case 0:
                    (state, outcome, lastOutcome) = ("finished", "completed", "completed");
                    answers.Add(new SeededAnswer("technician", "rating", random.Next(1, 6)));
                    answers.Add(new SeededAnswer("punctuality", "yes_no", random.Next(2)));
                    answers.Add(new SeededAnswer("recommend", "score", random.Next(0, 11)));
                    answers.Add(new SeededAnswer("solved", "choice", random.Next(1, 4)));
                    break;
                case 1:
                    (state, outcome, lastOutcome) = ("finished", "completed", "completed");
                    answers.Add(new SeededAnswer("technician", "rating", random.Next(3, 6)));
                    answers.Add(new SeededAnswer("recommend", "score", random.Next(5, 11)));
                    answers.Add(new SeededAnswer("speed", "rating", random.Next(1, 6)));
                    break;
                case 2:
                    (state, outcome, lastOutcome) = ("finished", "partial", "unfinished");
                    answers.Add(new SeededAnswer("technician", "rating", random.Next(1, 6)));
                    break;
                case 3:
                    (state, outcome, lastOutcome) = ("finished", "opted_out", "opted_out");
                    break;
                case 4:
                    (state, outcome, lastOutcome) = ("finished", "declined", "declined");
                    break;
                case 5:
                    (state, outcome, lastOutcome) = ("unreached", "unreached", s_unreached[random.Next(s_unreached.Length)]);
                    break;
                case 6:
                    (state, outcome, lastOutcome) = ("do_not_call", "do_not_call", "do_not_call");
                    break;
                case 7:
                    (state, outcome, lastOutcome) = ("in_progress", "none", "");
                    break;
                default:
                    (state, outcome, lastOutcome) = random.Next(2) == 0 ? ("pending", "none", "busy") : ("cancelled", "cancelled", "no_answer");
                    break;
            }

            attempts.Add(new SeededAttempt(last, lastOutcome.Length == 0 ? null : lastOutcome));
            calls.Add(new SeededHappyCall(
                technicianId, technicianName, serviceTypes[random.Next(serviceTypes.Count)], surveys[random.Next(surveys.Count)],
                state, outcome, answers.Any(x => x.Kind == "rating" && x.Value <= 2), attempts, answers, last.AddMinutes(2)));
        }

        return calls;
    }

    public static async Task SeedAsync(ApiServerFixture server, IEnumerable<SeededHappyCall> calls)
    {
        var dataSource = server.Services.GetRequiredService<IvrDatabase>().DataSource;
        var connection = await dataSource.OpenConnectionAsync().AsTask().WaitAsync(TestTimeouts.Default);
        await using (connection)
        {
            foreach (var call in calls)
            {
                var id = await ScalarAsync(
                    connection,
                    """
                    INSERT INTO happy_calls (service_id, customer_id, phone, customer_name, language, technician_id, technician_name,
                        service_type, completed_at, time_zone, survey_id, due_at, state, outcome, attempts, next_attempt_at,
                        escalated, created_at, updated_at)
                    VALUES ($1, 'c-1', '+989121234567', '', 'fa', $2, $3, $4, $5, 'Asia/Tehran', $6, $5, $7, $8, $9, $10, $11, $5, $12)
                    RETURNING id
                    """,
                    "svc-" + Guid.NewGuid().ToString("N"),
                    call.TechnicianId,
                    call.TechnicianName,
                    call.ServiceType,
                    call.Attempts[0].ClaimedAt.AddHours(-1),
                    call.SurveyId,
                    call.State,
                    call.Outcome,
                    call.Attempts.Count,
                    call.State == "pending" ? call.UpdatedAt.AddHours(2) : DBNull.Value,
                    call.Escalated,
                    call.UpdatedAt);
                for (var i = 0; i < call.Attempts.Count; i++)
                {
                    var attempt = call.Attempts[i];
                    await ScalarAsync(
                        connection,
                        "INSERT INTO happy_call_attempts (happy_call_id, attempt, claimed_at, claimed_by, ended_at, outcome) VALUES ($1, $2, $3, 'seed', $4, $5) RETURNING attempt",
                        id,
                        i + 1,
                        attempt.ClaimedAt,
                        (object?)attempt.EndedAt ?? DBNull.Value,
                        (object?)attempt.Outcome ?? DBNull.Value);
                }

                foreach (var answer in call.Answers)
                {
                    await ScalarAsync(
                        connection,
                        """
                        INSERT INTO survey_answers (happy_call_id, question_id, kind, value, digits, method, answered_at, attempt)
                        VALUES ($1, $2, $3, $4, $5, 'rfc4733', $6, $7) RETURNING attempt
                        """,
                        id,
                        answer.QuestionId,
                        answer.Kind,
                        answer.Value,
                        answer.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        call.Attempts[^1].ClaimedAt.AddSeconds(30),
                        call.Attempts.Count);
                }
            }
        }
    }

    private static async Task<object> ScalarAsync(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        await using (command)
        {
            foreach (var parameter in parameters)
            {
                // timestamptz takes UTC instants only.
                command.Parameters.Add(new NpgsqlParameter { Value = parameter is DateTimeOffset at ? at.ToUniversalTime() : parameter });
            }

            return (await command.ExecuteScalarAsync().WaitAsync(TestTimeouts.Default))!;
        }
    }
}
