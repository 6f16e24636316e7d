import * as Dialog from '@radix-ui/react-dialog';
import { t } from '../../i18n/index.js';
import './HelpDialog.css';

export function HelpDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="sb-dialog-overlay" />
        <Dialog.Content className="sb-dialog" aria-describedby={undefined}>
          <Dialog.Title>{t.help.title}</Dialog.Title>
          <table className="sb-keys">
            <tbody>
              {t.help.keys.map(([keys, what]) => (
                <tr key={keys}>
                  <th scope="row">
                    <kbd>{keys}</kbd>
                  </th>
                  <td>{what}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="sb-dialog-actions">
            <Dialog.Close asChild>
              <button type="button" className="sb-button sb-button--primary">
                {t.help.close}
              </button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
