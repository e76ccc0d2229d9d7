// What a preset starts, as the review and the first-launch question show it: a preset that runs its app as
// administrator says so, since that changes what the app may do.
import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { LaunchFactsList, factsOf } from '../../../renderer/src/components/LaunchFacts';
import { renderView } from '../render';

describe('LaunchFactsList', () => {
  it('shows that the app runs as administrator, in both languages, and nothing of the kind otherwise', () => {
    const preset = { id: 'a', name: 'A', exe: 'A.exe', guards: [], needsElevation: true };
    const en = renderView(<LaunchFactsList facts={factsOf(preset)} />);
    expect(en.container.querySelector('[data-fact="needsElevation"]')?.textContent).toBe('RightsRuns as administrator (an elevated Multiopen keeps its rights for it)');
    en.unmount();
    const zh = renderView(<LaunchFactsList facts={factsOf(preset)} />, { lang: 'zh-CN' });
    expect(zh.container.querySelector('[data-fact="needsElevation"]')?.textContent).toContain('以管理员身份运行');
    zh.unmount();
    renderView(<LaunchFactsList facts={factsOf({ ...preset, needsElevation: false })} />);
    expect(screen.queryByText(/Runs as administrator/)).toBeNull();
  });
});
