#Requires -Version 5.1
#Requires -RunAsAdministrator

<#
.SYNOPSIS
    Installs IvrService as a Windows service, or upgrades an existing installation.

.DESCRIPTION
    Publishes src/IvrService.Host (or takes an already published folder), copies it to
    -InstallPath, creates or updates the "IvrService" service (delayed automatic start, restart
    on failure: 5 s, 10 s, 60 s, also when it exits with an error code), creates the data
    directory with an ACL for the service account, opens SIP and RTP in Windows Firewall for the
    service, and starts it.
    Safe to run again: an existing appsettings.Production.json in -InstallPath is kept.

    The default account is the virtual account NT SERVICE\IvrService: the embedded PostgreSQL
    refuses to run with Administrator rights, and a virtual account has no password to manage.

.EXAMPLE
    .\Install-IvrService.ps1 -WhatIf
.EXAMPLE
    .\Install-IvrService.ps1 -SourcePath C:\drop\IvrService -DataPath D:\IvrService
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    # Folder with a published IvrService.Host.exe. Without it, dotnet publish runs on this repository.
    [ValidateScript({
            if (-not (Test-Path -LiteralPath (Join-Path $_ 'IvrService.Host.exe') -PathType Leaf)) {
                throw "No IvrService.Host.exe in '$_'."
            }
            $true
        })]
    [string] $SourcePath,

    [ValidateNotNullOrEmpty()]
    [string] $InstallPath = (Join-Path $env:ProgramFiles 'IvrService'),

    [ValidateNotNullOrEmpty()]
    [string] $DataPath = (Join-Path $env:ProgramData 'IvrService'),

    # An account without a password: the virtual account, LocalService, NetworkService or a
    # group managed service account (DOMAIN\name$). Never LocalSystem or an administrator.
    [ValidateScript({
            if ($_ -notmatch '^(NT SERVICE\\IvrService|NT AUTHORITY\\(LocalService|NetworkService)|[^\\]+\\[^\\]+\$)$') {
                throw "ServiceAccount '$_' is not supported: use 'NT SERVICE\IvrService', 'NT AUTHORITY\LocalService', 'NT AUTHORITY\NetworkService' or a gMSA 'DOMAIN\name$'."
            }
            $true
        })]
    [string] $ServiceAccount = 'NT SERVICE\IvrService',

    # SIP port opened in Windows Firewall (UDP and TCP); must match Sip:Port.
    [ValidateRange(1, 65535)]
    [int] $SipPort = 5060,

    # RTP port range opened in Windows Firewall (UDP); must match Media:RtpPortStart/RtpPortEnd.
    [ValidatePattern('^\d{1,5}-\d{1,5}$')]
    [string] $RtpPorts = '10000-20000',

    # Leave Windows Firewall alone (another firewall, or rules managed by policy).
    [switch] $NoFirewallRules,

    # Install and configure, but do not start the service.
    [switch] $NoStart
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$serviceName = 'IvrService'          # must match AddWindowsService(o => o.ServiceName = "IvrService")
$eventSource = 'IvrService.Host'     # the host's application name, the event log source it writes to
$exePath = Join-Path $InstallPath 'IvrService.Host.exe'
$imagePath = '"{0}"' -f $exePath
$repoRoot = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
$firewallGroup = 'IvrService'        # Uninstall-IvrService.ps1 removes the rules of this group

function Invoke-Native {
    param([string] $FilePath, [string[]] $Arguments)
    & $FilePath @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$FilePath $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

# 1. Build into a staging folder, so a failed publish leaves the installed version untouched.
$staging = $null
if (-not $SourcePath) {
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        throw 'dotnet was not found: install the .NET 10 SDK, or pass -SourcePath with a published folder.'
    }
    $staging = Join-Path ([System.IO.Path]::GetTempPath()) ("ivrservice-publish-" + [guid]::NewGuid().ToString('N'))
    if ($PSCmdlet.ShouldProcess((Join-Path $repoRoot 'src\IvrService.Host'), 'dotnet publish (Release, win-x64)')) {
        Invoke-Native dotnet @('publish', (Join-Path $repoRoot 'src\IvrService.Host'), '-c', 'Release',
            '-r', 'win-x64', '--self-contained', 'false', '-o', $staging, '--nologo')
    }
    $SourcePath = $staging
}

try {
    # 2. Stop a running service: Windows locks the files of a running program. Stopping lets
    #    calls in progress end first (graceful shutdown), which can take up to a minute.
    $service = Get-Service -Name $serviceName -ErrorAction SilentlyContinue
    $wasRunning = $null -ne $service -and $service.Status -ne 'Stopped'
    if ($wasRunning -and $PSCmdlet.ShouldProcess($serviceName, 'Stop service (calls in progress end first)')) {
        Write-Host "Stopping $serviceName ..."
        Stop-Service -Name $serviceName
    }

    # 3. Copy the binaries; /MIR removes files of an older version, the production settings stay.
    if ($PSCmdlet.ShouldProcess($InstallPath, "Copy IvrService from $SourcePath")) {
        New-Item -ItemType Directory -Path $InstallPath -Force | Out-Null
        & robocopy.exe $SourcePath $InstallPath /MIR /XF appsettings.Production.json /NFL /NDL /NJH /NJS /NP | Out-Null
        if ($LASTEXITCODE -ge 8) { throw "robocopy failed with exit code $LASTEXITCODE." }
        $global:LASTEXITCODE = 0
        $readme = Join-Path $repoRoot 'deploy\README.md'
        if (Test-Path -LiteralPath $readme) { Copy-Item -LiteralPath $readme -Destination $InstallPath -Force }
    }

    # 4. The service: create it, then (new or existing) apply path, start mode and account.
    if ($null -eq $service) {
        if ($PSCmdlet.ShouldProcess($serviceName, "Create service for $imagePath")) {
            New-Service -Name $serviceName -BinaryPathName $imagePath -DisplayName 'IvrService' `
                -Description 'IvrService: IVR menus and post-service survey calls over SIP.' `
                -StartupType Automatic | Out-Null
        }
    }
    if ($PSCmdlet.ShouldProcess($serviceName, "Configure path, automatic start and account $ServiceAccount")) {
        $cim = Get-CimInstance -ClassName Win32_Service -Filter "Name='$serviceName'"
        # An empty password: virtual accounts, LocalService, NetworkService and gMSAs have none.
        $result = Invoke-CimMethod -InputObject $cim -MethodName Change -Arguments @{
            PathName      = $imagePath
            StartMode     = 'Automatic'
            StartName     = $ServiceAccount
            StartPassword = ''
        }
        if ($result.ReturnValue -ne 0) {
            throw "Configuring $serviceName failed: Win32_Service.Change returned $($result.ReturnValue)."
        }

        # Restart after 5 s, 10 s, then 60 s; the failure count resets after a day without one.
        Invoke-Native sc.exe @('failure', $serviceName, 'reset=', '86400', 'actions=', 'restart/5000/restart/10000/restart/60000')
        # Apply those actions also when the host exits with an error code (a configuration error
        # found at start, the database unreachable), not only when the process crashes.
        Invoke-Native sc.exe @('failureflag', $serviceName, '1')
        # Start after the other automatic services (the network stack, a local PostgreSQL service).
        Invoke-Native sc.exe @('config', $serviceName, 'start=', 'delayed-auto')
        # A service SID, so firewall rules and ACLs can name NT SERVICE\IvrService even when the
        # service runs as another account.
        Invoke-Native sc.exe @('sidtype', $serviceName, 'unrestricted')

        # The environment the service process gets, like Environment= in the systemd unit.
        $key = "HKLM:\SYSTEM\CurrentControlSet\Services\$serviceName"
        New-ItemProperty -Path $key -Name Environment -PropertyType MultiString -Force -Value @(
            'DOTNET_ENVIRONMENT=Production',
            "Storage__DataDirectory=$DataPath"
        ) | Out-Null
    }

    # 5. Data directory (embedded PostgreSQL cluster, recordings): no inherited access; SYSTEM and
    #    Administrators full control, the service account modify.
    if ($PSCmdlet.ShouldProcess($DataPath, "Create data directory, grant $ServiceAccount modify")) {
        New-Item -ItemType Directory -Path $DataPath -Force | Out-Null
        Invoke-Native icacls.exe @($DataPath, '/inheritance:r', '/grant:r',
            '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:(OI)(CI)F', "${ServiceAccount}:(OI)(CI)M", '/Q')
    }

    # 6. Windows Firewall: SIP (UDP and TCP) and RTP (UDP) inbound, for this service only. The
    #    API (5081) and /healthz, /metrics (5080) listen on 127.0.0.1 by default and need no rule;
    #    open them yourself when Kestrel:Endpoints binds another address.
    if (-not $NoFirewallRules -and (Get-Command New-NetFirewallRule -ErrorAction SilentlyContinue) -and
        $PSCmdlet.ShouldProcess("Windows Firewall group $firewallGroup", "Allow SIP $SipPort (UDP, TCP) and RTP $RtpPorts (UDP) inbound")) {
        Get-NetFirewallRule -Group $firewallGroup -ErrorAction SilentlyContinue | Remove-NetFirewallRule
        $common = @{ Group = $firewallGroup; Direction = 'Inbound'; Action = 'Allow'; Program = $exePath; Service = $serviceName }
        New-NetFirewallRule @common -DisplayName 'IvrService SIP (UDP)' -Protocol UDP -LocalPort $SipPort | Out-Null
        New-NetFirewallRule @common -DisplayName 'IvrService SIP (TCP)' -Protocol TCP -LocalPort $SipPort | Out-Null
        New-NetFirewallRule @common -DisplayName 'IvrService RTP (UDP)' -Protocol UDP -LocalPort $RtpPorts | Out-Null
    }

    # 7. The event log source the host logs to; a service account may not create it itself.
    try {
        if (-not [System.Diagnostics.EventLog]::SourceExists($eventSource) -and
            $PSCmdlet.ShouldProcess($eventSource, 'Create event log source in Application')) {
            [System.Diagnostics.EventLog]::CreateEventSource($eventSource, 'Application')
        }
    }
    catch {
        Write-Warning "Could not create the event log source '$eventSource': $($_.Exception.Message)"
    }

    # 8. Start.
    if (-not $NoStart) {
        if ($PSCmdlet.ShouldProcess($serviceName, 'Start service')) {
            Start-Service -Name $serviceName
            Write-Host "$serviceName is running. Logs: Event Viewer > Windows Logs > Application, source $eventSource."
        }
    }
    elseif ($wasRunning) {
        Write-Warning "$serviceName was running and is now stopped (-NoStart). Start it with: Start-Service $serviceName"
    }
}
finally {
    if ($staging -and (Test-Path -LiteralPath $staging)) { Remove-Item -LiteralPath $staging -Recurse -Force }
}
