# Pipeline manners (issue 14, items 2 and 3): piped objects carry their server, tables show property names,
# Operation is the cmdlet, one failure is one error, lists read well in CSV, and the Overwrite prompt is one a
# script and a person can live with.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:a = Start-TestServer
    $script:b = Start-TestServer
    $script:sessionDefault = Connect-Milvus -Uri $a.Uri
    $script:other = Connect-Milvus -Uri $b.Uri -NoDefault
    # Only the other server has 'elsewhere': reading the session default instead would fail.
    New-TestBatches -Count 2 -Rows 100 -Dimension 4 | Write-MilvusCollection -Name elsewhere -Connection $other -IndexType FLAT -MetricType L2 -Load | Out-Null
    $script:pwsh = Join-Path $PSHOME 'pwsh'
    $script:module = Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1'
}

AfterAll {
    Disconnect-Milvus $other
    Disconnect-Milvus $sessionDefault
    Stop-TestServer $a
    Stop-TestServer $b
}

Describe 'Piped objects carry their connection' -Tag Integration {
    It 'copies a collection piped from another server, reading it there' {
        $result = Get-MilvusCollection elsewhere -Connection $other | Copy-MilvusCollection -Destination $other -DestinationName elsewhere_copy
        $result.Status | Should -Be 'Succeeded'
        $result.Rows | Should -Be 200
        (Get-MilvusCollection elsewhere_copy -Connection $other).RowCount | Should -Be 200
        Get-MilvusCollection elsewhere* -ErrorAction SilentlyContinue | Should -BeNullOrEmpty   # nothing on the session default
    }

    It 'exports, compares and reads a piped collection from its own server' {
        $folder = Join-Path $TestDrive 'export'
        (Get-MilvusCollection elsewhere -Connection $other | Export-MilvusCollection -Path $folder).Rows | Should -Be 200
        (Get-MilvusCollection elsewhere -Connection $other | Compare-MilvusCollection -DestinationName elsewhere_copy).Equal | Should -BeTrue
        (Get-MilvusCollection elsewhere -Connection $other | Read-MilvusCollection -BatchSize 50 | Measure-Object Count -Sum).Sum | Should -Be 200
    }

    It 'puts the destination server on transfer results' {
        $result = New-TestBatches -Count 1 -Rows 10 -Dimension 4 | Write-MilvusCollection -Name carried -Connection $other
        $result.Connection.Uri | Should -Be $other.Uri
        $result.Database | Should -Be 'default'
        ($result | ForEach-Object { Get-MilvusCollection $_.Collection -Connection $_.Connection }).RowCount | Should -Be 10
    }
}

Describe 'Output' -Tag Integration {
    It 'names the cmdlet in Operation' {
        $written = New-TestBatches -Count 1 -Rows 10 -Dimension 4 | Write-MilvusCollection -Name operation_named -IndexType FLAT -MetricType L2 -Load
        $written.Operation | Should -Be 'Write-MilvusCollection'
        (Copy-MilvusCollection operation_named -Destination $other).Operation | Should -Be 'Copy-MilvusCollection'
    }

    It 'heads every table column with the property it shows' {
        $format = [xml](Get-Content (Join-Path (Split-Path $module) 'MilvusDM.format.ps1xml') -Raw)
        $views = $format.Configuration.ViewDefinitions.View
        $views.Count | Should -BeGreaterThan 10
        foreach ($view in $views) {
            $type = "$($view.ViewSelectedBy.TypeName)" -as [type]
            $type | Should -Not -BeNullOrEmpty -Because "view $($view.Name) names a type of the module"
            $names = $type.GetProperties().Name
            foreach ($label in $view.TableControl.TableHeaders.TableColumnHeader.Label) { $names | Should -Contain $label -Because "$($view.Name) shows $label" }
        }
        ((Get-MilvusCollection elsewhere -Connection $other | Format-Table | Out-String) -split "`n" | Where-Object { $_ -match '\S' } | Select-Object -First 1) |
            Should -Match '^Name\s+Database\s+Dimension\s+MetricType\s+RowCount'
        @(Get-MilvusCollection -Connection $other | Where-Object RowCount -gt 0).Count | Should -BeGreaterThan 0
    }

    It 'shows lists as their values in CSV' {
        $csv = Get-MilvusCollection elsewhere -Connection $other | Select-Object Name, Partitions, Indexes | ConvertTo-Csv
        $csv[1] | Should -Be '"elsewhere","_default","embedding: FLAT/L2"'
        $csv -join '' | Should -Not -Match 'System\.'
        (Get-MilvusCollection elsewhere -Connection $other).Partitions | Should -Contain '_default'
    }

    It 'reports a failure once: one error record and no result object for nothing done' {
        $bad = Join-Path $TestDrive 'no_vectors.h5'
        & /usr/bin/python3 -c "import h5py, numpy as np; f = h5py.File('$bad', 'w'); f['ids'] = np.arange(5); f.close()"
        $out = Import-Hdf5 -Path $bad -CollectionName never_imported -ErrorAction SilentlyContinue -ErrorVariable problems
        $out | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $written = New-TestBatches -Count 1 -Rows 5 -Dimension 8 | Write-MilvusCollection -Name elsewhere -Connection $other -ErrorAction SilentlyContinue -ErrorVariable mismatch
        $written | Should -BeNullOrEmpty
        $mismatch.Count | Should -Be 1
        $mismatch[0].FullyQualifiedErrorId | Should -BeLike 'CollectionSchemaMismatch,*'
    }
}

Describe 'The Overwrite prompt' -Tag Integration {
    BeforeAll {
        New-TestBatches -Count 1 -Rows 30 -Dimension 4 | Write-MilvusCollection -Name prompt_one -Connection $other -IndexType FLAT -MetricType L2 -Load | Out-Null
        New-TestBatches -Count 1 -Rows 40 -Dimension 4 | Write-MilvusCollection -Name prompt_two -Connection $other -IndexType FLAT -MetricType L2 -Load | Out-Null
        function script:Invoke-Prompted([string] $answers, [string] $command) {
            # A person at the keyboard: the console host reads the answers from standard input.
            $answers | & $pwsh -NoProfile -Command "Import-Module '$module'; `$s = Connect-Milvus '$($b.Uri)'; `$d = Connect-Milvus '$($a.Uri)' -NoDefault; $command" 2>&1
        }
        Copy-MilvusCollection prompt_one, prompt_two -Source $other -Destination $sessionDefault | Out-Null
    }

    It 'defaults to No and names the rows it would drop' {
        $said = Invoke-Prompted "`n" "Copy-MilvusCollection prompt_one -Destination `$d -Mode Overwrite | Out-Null; 'done'"
        ($said -join ' ') | Should -Match 'which holds 30 rows'
        ($said -join ' ') | Should -Match '\(default is "N"\)'
        (Get-MilvusCollection prompt_one).RowCount | Should -Be 30
    }

    It 'offers Yes to All over many collections' {
        $said = Invoke-Prompted "a`n" "(Copy-MilvusCollection prompt_* -Destination `$d -Mode Overwrite).Notes"
        @($said | Where-Object { "$_" -match '\[A\] Yes to All' }).Count | Should -Be 1
        ($said -join ' ') | Should -Match "Dropped collection 'prompt_one' \(30 rows\)"
        ($said -join ' ') | Should -Match "Dropped collection 'prompt_two' \(40 rows\)"
    }

    It 'does not ask when the target does not exist, even in a non-interactive session' {
        $out = & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$module'; `$s = Connect-Milvus '$($b.Uri)'; `$d = Connect-Milvus '$($a.Uri)' -NoDefault; (Copy-MilvusCollection prompt_one -DestinationName prompt_fresh -Destination `$d -Mode Overwrite).Status" 2>&1
        $out | Should -Be 'Succeeded'
    }
}
