using IvrService.Storage.Internal;
using IvrService.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace IvrService.Storage.Tests;

public sealed class MigrationRunnerTests : IClassFixture<PostgresFixture>
{
    private readonly PostgresFixture _postgres;

    public MigrationRunnerTests(PostgresFixture postgres)
    {
        _postgres = postgres;
    }

    [Fact]
    public void LoadEmbedded_ReturnsCallRecordsFirst_WhenReadingTheAssembly()
    {
        var migrations = Migration.LoadEmbedded();

        Assert.NotEmpty(migrations);
        Assert.Equal(1, migrations[0].Version);
        Assert.Equal("call_records", migrations[0].Name);
        Assert.Equal("0001_call_records.sql", migrations[0].FileName);
        Assert.Equal(migrations.OrderBy(m => m.Version), migrations);
    }

    [Fact]
    public void Checksum_IsUnchanged_WhenOnlyLineEndingsDiffer()
    {
        var unix = Migration.FromFile("0001_x.sql", "SELECT 1;\nSELECT 2;\n");
        var windows = Migration.FromFile("0001_x.sql", "SELECT 1;\r\nSELECT 2;\r\n");

        Assert.Equal(unix.Checksum, windows.Checksum);
    }

    [Fact]
    public void FromFile_Throws_WhenFileNameHasNoVersion()
    {
        Assert.Throws<InvalidOperationException>(() => Migration.FromFile("call_records.sql", "SELECT 1"));
    }

    [Fact]
    public async Task ApplyAsync_AppliesEveryMigration_WhenDatabaseIsEmpty()
    {
        // Arrange
        var connectionString = await _postgres.CreateDatabaseAsync().WaitAsync(TestTimeouts.Default);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var migrations = Migration.LoadEmbedded();

        // Act
        var applied = await NewRunner(migrations).ApplyAsync(dataSource, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(migrations.Select(m => m.Version), applied.Select(m => m.Version));
        var recorded = await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM schema_migrations")
            .WaitAsync(TestTimeouts.Default);
        Assert.Equal(migrations.Count, recorded);
        var checksum = await Sql.ScalarAsync<string>(connectionString, "SELECT checksum FROM schema_migrations WHERE version = 1")
            .WaitAsync(TestTimeouts.Default);
        Assert.Equal(migrations[0].Checksum, checksum);
        var table = await Sql.ScalarAsync<string>(connectionString, "SELECT to_regclass('call_records')::text")
            .WaitAsync(TestTimeouts.Default);
        Assert.Equal("call_records", table);
    }

    [Fact]
    public async Task ApplyAsync_AppliesNothing_WhenDatabaseIsAlreadyMigrated()
    {
        // Arrange
        var connectionString = await _postgres.CreateDatabaseAsync().WaitAsync(TestTimeouts.Default);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var runner = NewRunner(Migration.LoadEmbedded());
        await runner.ApplyAsync(dataSource, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Act
        var applied = await runner.ApplyAsync(dataSource, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Empty(applied);
        var recorded = await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM schema_migrations")
            .WaitAsync(TestTimeouts.Default);
        Assert.Equal(Migration.LoadEmbedded().Count, recorded);
    }

    [Fact]
    public async Task ApplyAsync_AppliesEachMigrationOnce_WhenTwoInstancesStartTogether()
    {
        // Arrange: two instances with their own pools, as two hosts would have.
        var connectionString = await _postgres.CreateDatabaseAsync().WaitAsync(TestTimeouts.Default);
        await using var first = NpgsqlDataSource.Create(connectionString);
        await using var second = NpgsqlDataSource.Create(connectionString);
        var migrations = Migration.LoadEmbedded();
        using var start = new ManualResetEventSlim();

        // Act
        var runs = new[] { first, second }
            .Select(dataSource => Task.Run(async () =>
            {
                start.Wait(TestTimeouts.Default);
                return await NewRunner(migrations).ApplyAsync(dataSource, CancellationToken.None);
            }))
            .ToArray();
        start.Set();
        var results = await Task.WhenAll(runs).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(migrations.Count, results.Sum(applied => applied.Count));
        Assert.Contains(results, applied => applied.Count == 0);
        var duplicates = await Sql.ScalarAsync<long>(
            connectionString,
            "SELECT count(*) FROM (SELECT version FROM schema_migrations GROUP BY version HAVING count(*) > 1) d")
            .WaitAsync(TestTimeouts.Default);
        Assert.Equal(0, duplicates);
    }

    [Fact]
    public async Task ApplyAsync_ThrowsNamingFile_WhenAppliedMigrationWasChanged()
    {
        // Arrange
        var connectionString = await _postgres.CreateDatabaseAsync().WaitAsync(TestTimeouts.Default);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var migrations = Migration.LoadEmbedded();
        await NewRunner(migrations).ApplyAsync(dataSource, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var edited = migrations
            .Select(m => m.Version == 1 ? Migration.FromFile(m.FileName, m.Sql + "\n-- edited after release\n") : m)
            .ToList();

        // Act
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => NewRunner(edited).ApplyAsync(dataSource, CancellationToken.None).WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Contains("0001_call_records.sql", error.Message, StringComparison.Ordinal);
        Assert.Contains("changed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_AppliesOnlyTheNewMigration_WhenOneIsAdded()
    {
        // Arrange
        var connectionString = await _postgres.CreateDatabaseAsync().WaitAsync(TestTimeouts.Default);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var migrations = Migration.LoadEmbedded();
        await NewRunner(migrations).ApplyAsync(dataSource, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var added = Migration.FromFile("9001_probe.sql", "CREATE TABLE probe (id int PRIMARY KEY);");

        // Act
        var applied = await NewRunner([.. migrations, added]).ApplyAsync(dataSource, CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);

        // Assert
        var only = Assert.Single(applied);
        Assert.Equal(9001, only.Version);
        var name = await Sql.ScalarAsync<string>(connectionString, "SELECT name FROM schema_migrations WHERE version = 9001")
            .WaitAsync(TestTimeouts.Default);
        Assert.Equal("probe", name);
    }

    [Fact]
    public async Task ApplyAsync_MarksStoredSurveysAsSurveys_WhenFlowKindsArrive()
    {
        // Arrange: a database before 0007 holding a menu and a survey (both versions of it) in flow_versions.
        var (connectionString, dataSource) = await MigratedBeforeAsync(7);
        await using var disposeDataSource = dataSource;
        var migrations = Migration.LoadEmbedded();
        await Sql.ExecuteAsync(
            connectionString,
            """
            INSERT INTO flow_versions (flow_id, version, yaml, source_name, published_at, published_by) VALUES
                ('after-sales', 1, E'id: after-sales\nnodes:\n  main: {}\n', 'after-sales.yaml', now(), 'seed'),
                ('after-service', 1, E'# survey\nid: after-service\nquestions:\n  - id: q\n', 'after-service.yaml', now(), 'seed'),
                ('after-service', 2, E'id: after-service\ntitle: edited\n', 'edit.yaml', now(), 'ops')
            """).WaitAsync(TestTimeouts.Default);

        // Act
        var applied = await NewRunner(migrations).ApplyAsync(dataSource, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert: every version of a flow takes the kind its definitions show.
        Assert.Contains(applied, m => m.Version == 7);
        var kinds = await Sql.ScalarAsync<string>(
            connectionString, "SELECT string_agg(flow_id || '/' || version || '=' || kind, ' ' ORDER BY flow_id, version) FROM flow_versions")
            .WaitAsync(TestTimeouts.Default);
        Assert.Equal("after-sales/1=menu after-service/1=survey after-service/2=survey", kinds);
    }

    [Fact]
    public async Task ApplyAsync_SummarisesStepsOfEndedCallsOnly_WhenStepSummariesArrive()
    {
        // Arrange: a database before 0008 with two calls that ran the same menu path, one ended and one still open.
        var (connectionString, dataSource) = await MigratedBeforeAsync(8);
        await using var disposeDataSource = dataSource;
        var migrations = Migration.LoadEmbedded();
        await Sql.ExecuteAsync(
            connectionString,
            """
            INSERT INTO call_records (call_id, direction, from_uri, to_uri, caller, called, source_address, transport,
                                      offered_at, answered_at, ended_at, end_reason, instance_id)
            VALUES ('ended', 'inbound', 'sip:a@x', 'sip:100@x', 'a', '100', '127.0.0.1:5062', 'udp',
                    now(), now(), now(), 'caller_hangup', 'host-a'),
                   ('open', 'inbound', 'sip:a@x', 'sip:100@x', 'a', '100', '127.0.0.1:5062', 'udp',
                    now(), now(), NULL, NULL, 'host-a');
            INSERT INTO call_steps (call_id, call_record_id, seq, at, node_id, kind, detail, flow_id, flow_version)
            SELECT c.call_id, c.id, s.seq, now(), s.node_id, s.kind, s.detail, 'after-sales', 1
            FROM call_records c
            CROSS JOIN (VALUES
                (1, 'main', 'node_entered', 'menu'),
                (2, 'main', 'digits', '3'),
                (3, 'main', 'node_entered', 'menu'),
                (4, 'main', 'digits', '3'),
                (5, 'complaint', 'node_entered', 'say'),
                (6, 'callback', 'callback', 'request 1')
            ) AS s(seq, node_id, kind, detail)
            """).WaitAsync(TestTimeouts.Default);

        // Act
        var applied = await NewRunner(migrations).ApplyAsync(dataSource, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert: the ended call's summary names the option chosen twice; the open call is left to the report.
        Assert.Contains(applied, m => m.Version == 8);
        var summaries = await Sql.ScalarAsync<string>(
            connectionString,
            """
            SELECT string_agg(call_id || '=' || concat_ws(' ', menu_choices::text, has_message, has_callback, summarised_steps), '; ' ORDER BY call_id)
            FROM call_records
            """).WaitAsync(TestTimeouts.Default);
        Assert.Equal("""ended={"(after-sales,main,3,complaint,1)","(after-sales,main,3,main,1)"} f t 6; open=""", summaries);
    }

    [Fact]
    public async Task ApplyAsync_StoresWhenFinalCallsBecameFinal_WhenFinalTimesArrive()
    {
        // Arrange: a database before 0011 with a completed call (two attempts), a call on the do-not-call list without
        // an ended attempt, and a pending one.
        var (connectionString, dataSource) = await MigratedBeforeAsync(11);
        await using var disposeDataSource = dataSource;
        await Sql.ExecuteAsync(
            connectionString,
            """
            INSERT INTO happy_calls (service_id, customer_id, phone, customer_name, language, technician_id, technician_name,
                service_type, completed_at, time_zone, survey_id, due_at, state, outcome, attempts, next_attempt_at, created_at, updated_at)
            VALUES ('completed', 'c', '+989121234567', '', 'fa', 't', 'T', 'repair', '2025-03-01 08:00Z', 'Asia/Tehran', 's',
                    '2025-03-01 09:00Z', 'finished', 'completed', 2, NULL, '2025-03-01 08:00Z', '2025-03-02 12:00Z'),
                   ('dnc', 'c', '+989121234568', '', 'fa', 't', 'T', 'repair', '2025-03-01 08:00Z', 'Asia/Tehran', 's',
                    '2025-03-01 09:00Z', 'do_not_call', 'do_not_call', 0, NULL, '2025-03-01 08:00Z', '2025-03-01 09:05Z'),
                   ('pending', 'c', '+989121234569', '', 'fa', 't', 'T', 'repair', '2025-03-01 08:00Z', 'Asia/Tehran', 's',
                    '2025-03-01 09:00Z', 'pending', 'none', 1, '2025-03-01 16:00Z', '2025-03-01 08:00Z', '2025-03-01 09:01Z');
            INSERT INTO happy_call_attempts (happy_call_id, attempt, claimed_at, claimed_by, ended_at, outcome)
            SELECT h.id, a.attempt, a.claimed_at, 'host-a', a.ended_at, a.outcome
            FROM happy_calls h
            JOIN (VALUES ('completed', 1, timestamptz '2025-03-01 09:00Z', timestamptz '2025-03-01 09:01Z', 'busy'),
                         ('completed', 2, '2025-03-01 16:00Z', '2025-03-01 16:04Z', 'completed'),
                         ('pending', 1, '2025-03-01 09:00Z', '2025-03-01 09:01Z', 'no_answer'))
                AS a (service_id, attempt, claimed_at, ended_at, outcome) ON a.service_id = h.service_id
            """).WaitAsync(TestTimeouts.Default);

        // Act
        var applied = await NewRunner(Migration.LoadEmbedded()).ApplyAsync(dataSource, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert: the end of the last attempt, else the last update; nothing for a call not final.
        Assert.Contains(applied, m => m.Version == 11);
        var finals = await Sql.ScalarAsync<string>(
            connectionString,
            """
            SELECT string_agg(service_id || '=' || coalesce(to_char(final_at AT TIME ZONE 'UTC', 'MM-DD HH24:MI'), '-'), ' ' ORDER BY service_id)
            FROM happy_calls
            """).WaitAsync(TestTimeouts.Default);
        Assert.Equal("completed=03-01 16:04 dnc=03-01 09:05 pending=-", finals);
    }

    [Fact]
    public async Task ApplyAsync_RollsBackAndNamesFile_WhenMigrationFails()
    {
        // Arrange
        var connectionString = await _postgres.CreateDatabaseAsync().WaitAsync(TestTimeouts.Default);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var broken = Migration.FromFile("9002_broken.sql", "CREATE TABLE fine (id int);\nSELECT * FROM no_such_table;");

        // Act
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => NewRunner([.. Migration.LoadEmbedded(), broken]).ApplyAsync(dataSource, CancellationToken.None)
                .WaitAsync(TestTimeouts.Default));

        // Assert: nothing of the run stays, not even the migrations before the broken one.
        Assert.Contains("9002_broken.sql", error.Message, StringComparison.Ordinal);
        var history = await Sql.ScalarAsync<string>(connectionString, "SELECT to_regclass('schema_migrations')::text")
            .WaitAsync(TestTimeouts.Default);
        var callRecords = await Sql.ScalarAsync<string>(connectionString, "SELECT to_regclass('call_records')::text")
            .WaitAsync(TestTimeouts.Default);
        Assert.Null(history);
        Assert.Null(callRecords);
    }

    /// <summary>A new database with the embedded migrations before <paramref name="version"/> applied.</summary>
    private async Task<(string ConnectionString, NpgsqlDataSource DataSource)> MigratedBeforeAsync(int version)
    {
        var connectionString = await _postgres.CreateDatabaseAsync().WaitAsync(TestTimeouts.Default);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await NewRunner([.. Migration.LoadEmbedded().Where(m => m.Version < version)]).ApplyAsync(dataSource, CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
        return (connectionString, dataSource);
    }

    private static MigrationRunner NewRunner(IReadOnlyList<Migration> migrations)
        => new(migrations, TimeProvider.System, NullLogger.Instance);
}
