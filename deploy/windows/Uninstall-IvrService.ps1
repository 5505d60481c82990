#Requires -Version 5.1
#Requires -RunAsAdministrator

<#
.SYNOPSIS
    Removes the IvrService Windows service and its program files.

.DESCRIPTION
    Stops the service (calls in progress end first), deletes it, removes -InstallPath and the
    event log source. The data directory (embedded PostgreSQL cluster, recordings) is kept unless
    -RemoveData is given; appsettings.Production.json is saved there before the program files go.
    Safe to run again.

.EXAMPLE
    .\Uninstall-IvrService.ps1 -WhatIf
.EXAMPLE
    .\Uninstall-IvrService.ps1 -RemoveData -Confirm
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [ValidateNotNullOrEmpty()]
    [string] $InstallPath = (Join-Path $env:ProgramFiles 'IvrService'),

    [ValidateNotNullOrEmpty()]
    [string] $DataPath = (Join-Path $env:ProgramData 'IvrService'),

    # Also delete the data directory: every call record and recording of the embedded database.
    [switch] $RemoveData
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$serviceName = 'IvrService'
$eventSource = 'IvrService.Host'

if ((Test-Path -LiteralPath $InstallPath) -and
    -not (Test-Path -LiteralPath (Join-Path $InstallPath 'IvrService.Host.exe'))) {
    throw "'$InstallPath' holds no IvrService.Host.exe; not deleting it."
}

$service = Get-Service -Name $serviceName -ErrorAction SilentlyContinue
if ($null -ne $service) {
    if ($service.Status -ne 'Stopped' -and $PSCmdlet.ShouldProcess($serviceName, 'Stop service (calls in progress end first)')) {
        Write-Host "Stopping $serviceName ..."
        Stop-Service -Name $serviceName
    }
    if ($PSCmdlet.ShouldProcess($serviceName, 'Delete service')) {
        # Remove-Service exists only in PowerShell 6+; sc.exe works everywhere.
        & sc.exe delete $serviceName | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "sc.exe delete $serviceName failed with exit code $LASTEXITCODE." }
    }
}
else {
    Write-Host "Service $serviceName is not installed."
}

$firewallRules = Get-Command Get-NetFirewallRule -ErrorAction SilentlyContinue
if ($firewallRules -and (Get-NetFirewallRule -Group 'IvrService' -ErrorAction SilentlyContinue) -and
    $PSCmdlet.ShouldProcess('Windows Firewall group IvrService', 'Remove rules')) {
    Get-NetFirewallRule -Group 'IvrService' | Remove-NetFirewallRule
}

$settings = Join-Path $InstallPath 'appsettings.Production.json'
if (-not $RemoveData -and (Test-Path -LiteralPath $settings) -and (Test-Path -LiteralPath $DataPath) -and
    $PSCmdlet.ShouldProcess($settings, "Save a copy to $DataPath")) {
    Copy-Item -LiteralPath $settings -Destination (Join-Path $DataPath 'appsettings.Production.json.saved') -Force
}

if ((Test-Path -LiteralPath $InstallPath) -and $PSCmdlet.ShouldProcess($InstallPath, 'Remove program files')) {
    Remove-Item -LiteralPath $InstallPath -Recurse -Force
}

try {
    if ([System.Diagnostics.EventLog]::SourceExists($eventSource) -and
        $PSCmdlet.ShouldProcess($eventSource, 'Remove event log source')) {
        [System.Diagnostics.EventLog]::DeleteEventSource($eventSource)
    }
}
catch {
    Write-Warning "Could not remove the event log source '$eventSource': $($_.Exception.Message)"
}

if ($RemoveData) {
    if ((Test-Path -LiteralPath $DataPath) -and $PSCmdlet.ShouldProcess($DataPath, 'Remove data directory (all call data)')) {
        Remove-Item -LiteralPath $DataPath -Recurse -Force
    }
}
elseif (Test-Path -LiteralPath $DataPath) {
    Write-Host "Kept data in $DataPath; -RemoveData deletes it."
}
